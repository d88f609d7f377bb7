/* TinyML Studio telemetry, device side: the C twin of shared/protocol (see docs/telemetry-protocol.md).
 * Frames on the wire: 0x00, COBS([ver=1][type][seq u16][payload][crc16]), 0x00. Little-endian throughout.
 * The firmware calls tml_tm_poll_byte() for every received UART byte; when the host has sent all inputs of
 * one inference, the configured run callback executes the model and the runtime sends RESULT frames. */
#ifndef TML_TELEMETRY_H
#define TML_TELEMETRY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TML_TM_PROTOCOL_VERSION 1u
/* Largest INPUT chunk the host may send; announced in HELLO. */
#define TML_TM_MAX_CHUNK 256u

enum {
  TML_TM_HELLO = 0x01,
  TML_TM_RESULT = 0x02,
  TML_TM_ACK = 0x03,
  TML_TM_ERROR = 0x04,
  TML_TM_LOG = 0x05,
  TML_TM_INPUT = 0x10,
  TML_TM_HELLO_REQ = 0x11
};

enum { TML_TM_FLOAT32 = 0, TML_TM_INT8 = 1, TML_TM_UINT8 = 2, TML_TM_INT16 = 3, TML_TM_INT32 = 4 };

enum { TML_TM_ERR_BAD_FRAME = 1, TML_TM_ERR_BAD_INPUT = 2, TML_TM_ERR_OUT_OF_ORDER = 3, TML_TM_ERR_BUSY = 4, TML_TM_ERR_UNKNOWN_TYPE = 5 };

typedef struct {
  uint8_t *data;
  uint32_t bytes;
} tml_tm_buffer_t;

typedef struct {
  const uint8_t *data;
  uint32_t bytes;
  uint8_t dtype; /* TML_TM_INT8, … */
} tml_tm_output_t;

typedef struct {
  const char *board;
  const char *firmware;
  uint32_t clock_hz;
  uint32_t arena_bytes;
  uint32_t model_hash;
  const tml_tm_buffer_t *inputs;
  uint8_t num_inputs;
  const tml_tm_output_t *outputs;
  uint8_t num_outputs;
  /* Runs one inference on the filled inputs; returns the cycles it took. */
  uint64_t (*run)(void);
  /* Writes bytes to the UART (blocking). */
  void (*write)(const uint8_t *data, size_t len);
} tml_tm_config_t;

void tml_tm_init(const tml_tm_config_t *config);
/* Feed one received byte. Returns 1 when a full inference ran in response. */
int tml_tm_poll_byte(uint8_t byte);
void tml_tm_send_hello(void);
void tml_tm_send_log(uint8_t level, const char *text);
/* Sends every output of the last inference as RESULT frames (chunked). */
void tml_tm_send_results(uint32_t input_id, uint64_t cycles);

/* Input ids with this bit set name inferences the device ran by itself (on a sensor's data); the host's own
 * requests use ids below it, so the two never collide. */
#define TML_TM_DEVICE_INPUT_ID 0x80000000u
/* Sends the outputs of an inference the application ran on its own input as RESULT frames, unrequested. The
 * input id is TML_TM_DEVICE_INPUT_ID | a counter that starts at 0 at boot (31 bits, wraps); returns that id. */
uint32_t tml_tm_send_device_results(uint64_t cycles);
/* 1 while a host request is half received (a frame, or the chunks of an inference): running the model now
 * would leave the UART unread for the inference's duration, and without flow control its bytes would be lost. */
int tml_tm_host_busy(void);

/* Exposed for tests and for firmware that frames its own data. */
uint16_t tml_crc16(const uint8_t *data, size_t len, uint16_t crc);
size_t tml_cobs_encode(const uint8_t *in, size_t len, uint8_t *out);
/* Decodes in place; returns the decoded length, or (size_t)-1 if malformed. */
size_t tml_cobs_decode_inplace(uint8_t *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
