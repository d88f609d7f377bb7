/* Your application. TinyML Studio created this file once and never overwrites it: edit freely.
 *
 * The generated main.c already answers the host (Device area / `tinyml run --engine virtual-board`):
 * it fills the inputs from the UART, runs the model and sends the outputs back. Use the hooks below to
 * run the model on your own data (a sensor, a microphone, a camera) and act on the result on the device.
 *
 * The model API is in model.h:
 *   tml_model_input(i)  / tml_model_inputs[i]   buffer, byte size, dtype, scale and zero point of input i
 *   tml_model_output(i) / tml_model_outputs[i]  the same for output i
 * For int8 tensors: real_value = scale * (q - zero_point). */
#include <stdint.h>
#include <string.h>

#include "app.h"
#include "board.h"
#include "model.h"

void tml_app_init(void) {
  /* Set up your sensors here (the UART and the cycle counter are already running). */
}

void tml_app_idle(void) {
  /* WHERE THE INPUT COMES FROM. For example, every time a new sensor frame is ready:
   *
   *   int8_t *in = (int8_t *)tml_model_input(0);
   *   read_my_sensor(in, tml_model_inputs[0].bytes);   // quantize: q = round(x / scale) + zero_point
   *   tml_app_run_inference();                           // calls tml_app_on_result() when done
   *
   * Keep this function short: host requests are served between calls. */
}

void tml_app_on_result(int status, uint64_t cycles) {
  /* WHAT TO DO WITH THE OUTPUT. For example, for a classifier:
   *
   *   const int8_t *out = (const int8_t *)tml_model_output(0);
   *   int best = 0;
   *   for (uint32_t i = 1; i < tml_model_outputs[0].bytes; ++i) if (out[i] > out[best]) best = (int)i;
   *   if (best == 1) turn_on_led();
   *
   * Do not write to the UART here while the host is connected: the telemetry protocol owns it
   * (use tml_tm_send_log() from telemetry.h for text). */
  (void)status;
  (void)cycles;
}
