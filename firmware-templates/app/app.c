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

/* STREAMING DEMO. Set this to a period in milliseconds (e.g. 500) and the board runs the model on a built-in
 * test input that often and streams every result to the host by itself, so the Live dashboard fills without
 * the host asking. 0 = off: the board only answers the host. The test input of demo inference n (n counts from
 * 0 at boot, the low 31 bits of the RESULT's input id) is byte i of input k = (uint8_t)(31*n + 7*i + 13*k),
 * so the host can recompute it and check the outputs against its reference interpreter. */
#ifndef TML_APP_DEMO_PERIOD_MS
#define TML_APP_DEMO_PERIOD_MS 0
#endif

#if TML_APP_DEMO_PERIOD_MS > 0
static void demo_fill_input(uint32_t n) {
  for (int k = 0; k < TML_MODEL_NUM_INPUTS; ++k) {
    uint8_t *in = (uint8_t *)tml_model_input(k);
    for (uint32_t i = 0; i < tml_model_inputs[k].bytes; ++i) in[i] = (uint8_t)(31u * n + 7u * i + 13u * (uint32_t)k);
  }
}
#endif

void tml_app_init(void) {
  /* Set up your sensors here (the UART and the cycle counter are already running). */
}

void tml_app_idle(void) {
  /* WHERE THE INPUT COMES FROM. For example, every time a new sensor frame is ready:
   *
   *   if (tml_app_host_active()) return;                 // the host is sending a request: serve it first
   *   int8_t *in = (int8_t *)tml_model_input(0);
   *   read_my_sensor(in, tml_model_inputs[0].bytes);   // quantize: q = round(x / scale) + zero_point
   *   uint64_t cycles = tml_app_run_inference();         // calls tml_app_on_result() when done
   *   tml_app_send_result(cycles);                       // optional: show it on the Live dashboard
   *
   * Keep this function short: host requests are served between calls. */
#if TML_APP_DEMO_PERIOD_MS > 0
  static uint32_t n;
  static uint64_t last;
  static int started;
  const uint64_t now = board_cycles();
  if (started && now - last < (uint64_t)TML_APP_DEMO_PERIOD_MS * (board_clock_hz() / 1000u)) return;
  if (tml_app_host_active()) return;
  started = 1;
  last = now;
  demo_fill_input(n++);
  tml_app_send_result(tml_app_run_inference());
#endif
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
   * (use tml_tm_send_log() from telemetry.h for text, tml_app_send_result() for the outputs). */
  (void)status;
  (void)cycles;
}
