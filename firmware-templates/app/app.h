/* Hooks between the generated firmware (main.c) and your application (app.c). Regenerated on every build. */
#ifndef TML_APP_H
#define TML_APP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yours, in app.c. */
void tml_app_init(void);                          /* once, after the board and the model are ready */
void tml_app_idle(void);                          /* over and over whenever the host sends nothing */
void tml_app_on_result(int status, uint64_t cycles); /* after every inference (host-requested or yours) */

/* Ours, in main.c: runs the model on whatever is in tml_model_input(i) now; returns the cycles it took. */
uint64_t tml_app_run_inference(void);
/* Ours, in main.c: sends what tml_model_output(i) holds now to the host as an unrequested RESULT (the Live
 * dashboard shows it), tagged with input id TML_TM_DEVICE_INPUT_ID | a counter from 0 at boot, and `cycles`
 * (pass what tml_app_run_inference returned). Returns that input id. Call it after your own inferences only:
 * the host's requests are answered already. */
uint32_t tml_app_send_result(uint64_t cycles);
/* Ours, in main.c: 1 while the host is in the middle of sending a request (and sent a byte within the last
 * 100 ms). Do not run the model then: the UART has no flow control, and bytes arriving during the inference
 * would be lost (the host would retry, slowly). */
int tml_app_host_active(void);

#ifdef __cplusplus
}
#endif

#endif
