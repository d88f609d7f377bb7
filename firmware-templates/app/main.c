/* TinyML Studio firmware application: runs the generated model behind the telemetry protocol
 * (docs/telemetry-protocol.md). The host sends inputs over the console UART, this file times
 * tml_model_invoke() with the board's cycle counter and the runtime sends the outputs back.
 * Regenerated on every build: put your own code in app.c (its hooks are called from here). */
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "board.h"
#include "model.h"
#include "telemetry.h"
#include "tml_build_info.h"

/* model.h numbers dtypes in its own enum; the wire protocol has another. */
static uint8_t wire_dtype(tml_dtype d) {
  switch (d) {
    case TML_DTYPE_INT8: return TML_TM_INT8;
    case TML_DTYPE_UINT8: return TML_TM_UINT8;
    case TML_DTYPE_INT16: return TML_TM_INT16;
    case TML_DTYPE_INT32: return TML_TM_INT32;
    default: return TML_TM_FLOAT32;
  }
}

static tml_tm_buffer_t g_inputs[TML_MODEL_NUM_INPUTS];
static tml_tm_output_t g_outputs[TML_MODEL_NUM_OUTPUTS];

uint64_t tml_app_run_inference(void) {
  const uint64_t start = board_cycles();
  const int rc = tml_model_invoke();
  const uint64_t cycles = board_cycles() - start;
  tml_app_on_result(rc, cycles);
  return cycles;
}

static void uart_write(const uint8_t *data, size_t len) { board_uart_write(data, len); }

/* When the host last sent a byte: a half-received request older than HOST_STALE_MS was abandoned. */
#define HOST_STALE_MS 100u
static uint64_t g_last_host_byte;

uint32_t tml_app_send_result(uint64_t cycles) { return tml_tm_send_device_results(cycles); }

int tml_app_host_active(void) {
  if (!tml_tm_host_busy()) return 0;
  return board_cycles() - g_last_host_byte < (uint64_t)HOST_STALE_MS * (board_clock_hz() / 1000u);
}

int main(void) {
  board_init();
  if (tml_model_init() != 0) {
    static const char msg[] = "tml_model_init failed\r\n";
    board_uart_write(msg, sizeof msg - 1);
    for (;;) {
    }
  }
  for (int i = 0; i < TML_MODEL_NUM_INPUTS; ++i) {
    g_inputs[i].data = (uint8_t *)tml_model_input(i);
    g_inputs[i].bytes = tml_model_inputs[i].bytes;
  }
  for (int i = 0; i < TML_MODEL_NUM_OUTPUTS; ++i) {
    g_outputs[i].data = (const uint8_t *)tml_model_output(i);
    g_outputs[i].bytes = tml_model_outputs[i].bytes;
    g_outputs[i].dtype = wire_dtype(tml_model_outputs[i].dtype);
  }
  /* Static: the telemetry runtime keeps the pointer. */
  static tml_tm_config_t cfg;
  cfg.board = board_name();
  cfg.firmware = TML_FIRMWARE_VERSION;
  cfg.clock_hz = board_clock_hz();
  cfg.arena_bytes = TML_MODEL_ARENA_BYTES;
  cfg.model_hash = TML_MODEL_HASH;
  cfg.inputs = g_inputs;
  cfg.num_inputs = TML_MODEL_NUM_INPUTS;
  cfg.outputs = g_outputs;
  cfg.num_outputs = TML_MODEL_NUM_OUTPUTS;
  cfg.run = tml_app_run_inference;
  cfg.write = uart_write;
  tml_tm_init(&cfg);

  tml_app_init();
  tml_tm_send_hello();

  for (;;) {
    /* Host bytes first: a telemetry inference request must never wait behind the app's own work. */
    int c = board_uart_read_byte(0);
    if (c >= 0) {
      g_last_host_byte = board_cycles();
      (void)tml_tm_poll_byte((uint8_t)c);
      continue;
    }
    tml_app_idle();
  }
}
