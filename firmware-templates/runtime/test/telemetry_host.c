/* Host build of the device telemetry for tests: stdin/stdout play the UART. The "model" has two int8
 * inputs (300 and 5 bytes) and one 600-byte output computed from them, so the test can check every byte. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../telemetry.h"

static uint8_t in0[300], in1[5], out0[600];
static const tml_tm_buffer_t inputs[] = {{in0, sizeof in0}, {in1, sizeof in1}};
static const tml_tm_output_t outputs[] = {{out0, sizeof out0, TML_TM_INT8}};

static uint64_t run(void) {
  for (unsigned i = 0; i < sizeof out0; i++) out0[i] = (uint8_t)(in0[i % sizeof in0] ^ in1[i % sizeof in1] ^ (i & 0xFF));
  return 0x100000005ull; /* > 32 bits, to test the 64-bit cycle field */
}

static void write_all(const uint8_t *d, size_t n) {
  while (n) {
    ssize_t k = write(1, d, n);
    if (k <= 0) return;
    d += k;
    n -= (size_t)k;
  }
}

int main(int argc, char **argv) {
  static const tml_tm_config_t cfg = {"host-test", "0.1.0", 168000000u, 4096u, 0xC0FFEEu, inputs, 2, outputs, 1, run, write_all};
  tml_tm_init(&cfg);
  tml_tm_send_hello();
  /* "stream N": what a free-running application does (infer on its own sensor data, send every RESULT), N times
   * back to back, so the benchmark can measure the device -> host direction at full load. */
  if (argc == 3 && argv[1][0] == 's') {
    long n = atol(argv[2]);
    for (long k = 0; k < n; k++) tml_tm_send_results((uint32_t)k, run());
    uint8_t sink[64];
    while (read(0, sink, sizeof sink) > 0) {
    }
    return 0;
  }
  const char banner[] = "plain text between frames\r\n";
  write_all((const uint8_t *)banner, sizeof banner - 1);
  uint8_t buf[256];
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf);
    if (n <= 0) return 0;
    for (ssize_t i = 0; i < n; i++) tml_tm_poll_byte(buf[i]);
  }
}
