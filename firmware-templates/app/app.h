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

#ifdef __cplusplus
}
#endif

#endif
