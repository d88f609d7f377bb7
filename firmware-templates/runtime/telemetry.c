/* TinyML Studio telemetry, device side. No malloc, no printf: frames are built in one static buffer. */
#include "telemetry.h"

#include <string.h>

#define HEADER 4u
#define CRC 2u
#define RESULT_HEADER 24u
/* Largest frame we send: a RESULT chunk. Large outputs go in several chunks. */
#define TX_PAYLOAD 512u
#define TX_RAW (HEADER + TX_PAYLOAD + CRC)
#define TX_WIRE (TX_RAW + TX_RAW / 254u + 3u)
/* Largest frame we accept: an INPUT chunk (20-byte header + TML_TM_MAX_CHUNK). */
#define RX_RAW (HEADER + 20u + TML_TM_MAX_CHUNK + CRC)
#define RX_WIRE (RX_RAW + RX_RAW / 254u + 2u)

static const tml_tm_config_t *cfg;
static uint16_t tx_seq;
static uint8_t tx_raw[TX_RAW];
static uint8_t tx_wire[TX_WIRE];
static uint8_t rx[RX_WIRE];
static uint32_t rx_len;
static uint8_t rx_overflow;

/* Progress of the inference being assembled from INPUT chunks. */
static uint32_t cur_input_id;
static uint8_t cur_index;
static uint32_t cur_received;
/* Counts the application's own inferences (tml_tm_send_device_results). */
static uint32_t device_results;

uint16_t tml_crc16(const uint8_t *data, size_t len, uint16_t crc) {
  for (size_t i = 0; i < len; i++) {
    crc ^= (uint16_t)data[i] << 8;
    for (int b = 0; b < 8; b++) crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
  }
  return crc;
}

size_t tml_cobs_encode(const uint8_t *in, size_t len, uint8_t *out) {
  size_t code_idx = 0, o = 1;
  uint8_t code = 1;
  for (size_t i = 0; i < len; i++) {
    if (in[i] == 0) {
      out[code_idx] = code;
      code_idx = o++;
      code = 1;
    } else {
      out[o++] = in[i];
      if (++code == 0xFF) {
        out[code_idx] = code;
        code_idx = o++;
        code = 1;
      }
    }
  }
  out[code_idx] = code;
  return o;
}

size_t tml_cobs_decode_inplace(uint8_t *buf, size_t len) {
  size_t i = 0, o = 0;
  while (i < len) {
    uint8_t code = buf[i];
    if (code == 0 || i + code > len) return (size_t)-1;
    /* Copying forward in place is safe: the write index never passes the read index. */
    for (size_t j = i + 1; j < i + code; j++) buf[o++] = buf[j];
    i += code;
    if (code != 0xFF && i < len) buf[o++] = 0;
  }
  return o;
}

static void put16(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}
static void put32(uint8_t *p, uint32_t v) {
  put16(p, v & 0xFFFFu);
  put16(p + 2, v >> 16);
}
static uint32_t get32(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24); }

/* Frames tx_raw[HEADER .. HEADER+payload_len) and writes it out. */
static void send_frame(uint8_t type, size_t payload_len) {
  tx_raw[0] = TML_TM_PROTOCOL_VERSION;
  tx_raw[1] = type;
  put16(tx_raw + 2, tx_seq++);
  size_t n = HEADER + payload_len;
  uint16_t crc = tml_crc16(tx_raw, n, 0xFFFFu);
  put16(tx_raw + n, crc);
  n += CRC;
  tx_wire[0] = 0;
  size_t w = 1 + tml_cobs_encode(tx_raw, n, tx_wire + 1);
  tx_wire[w++] = 0;
  cfg->write(tx_wire, w);
}

static size_t put_str8(uint8_t *p, const char *s, size_t room) {
  size_t n = s ? strlen(s) : 0;
  if (n > 255) n = 255;
  if (n + 1 > room) n = room - 1;
  p[0] = (uint8_t)n;
  memcpy(p + 1, s, n);
  return n + 1;
}

void tml_tm_init(const tml_tm_config_t *config) {
  cfg = config;
  tx_seq = 0;
  rx_len = 0;
  rx_overflow = 0;
  cur_received = 0;
  cur_index = 0;
  device_results = 0;
}

uint32_t tml_tm_send_device_results(uint64_t cycles) {
  const uint32_t id = TML_TM_DEVICE_INPUT_ID | (device_results++ & ~TML_TM_DEVICE_INPUT_ID);
  tml_tm_send_results(id, cycles);
  return id;
}

int tml_tm_host_busy(void) { return rx_len != 0 || cur_index != 0 || cur_received != 0; }

void tml_tm_send_hello(void) {
  uint8_t *p = tx_raw + HEADER;
  p[0] = TML_TM_PROTOCOL_VERSION;
  p[1] = 0;
  put32(p + 2, cfg->clock_hz);
  put32(p + 6, cfg->arena_bytes);
  put32(p + 10, cfg->model_hash);
  put16(p + 14, TML_TM_MAX_CHUNK);
  p[16] = cfg->num_inputs;
  p[17] = cfg->num_outputs;
  size_t n = 18;
  n += put_str8(p + n, cfg->board, TX_PAYLOAD - n);
  n += put_str8(p + n, cfg->firmware, TX_PAYLOAD - n);
  send_frame(TML_TM_HELLO, n);
}

void tml_tm_send_log(uint8_t level, const char *text) {
  uint8_t *p = tx_raw + HEADER;
  p[0] = level;
  send_frame(TML_TM_LOG, 1 + put_str8(p + 1, text, TX_PAYLOAD - 1));
}

static void send_error(uint16_t code, uint32_t input_id, const char *text) {
  uint8_t *p = tx_raw + HEADER;
  put16(p, code);
  put32(p + 2, input_id);
  send_frame(TML_TM_ERROR, 6 + put_str8(p + 6, text, TX_PAYLOAD - 6));
}

static void send_ack(uint32_t input_id, uint32_t received) {
  uint8_t *p = tx_raw + HEADER;
  put32(p, input_id);
  put32(p + 4, received);
  send_frame(TML_TM_ACK, 8);
}

void tml_tm_send_results(uint32_t input_id, uint64_t cycles) {
  for (uint8_t k = 0; k < cfg->num_outputs; k++) {
    const tml_tm_output_t *o = &cfg->outputs[k];
    uint32_t off = 0;
    do {
      uint32_t n = o->bytes - off;
      if (n > TX_PAYLOAD - RESULT_HEADER) n = TX_PAYLOAD - RESULT_HEADER;
      uint8_t *p = tx_raw + HEADER;
      put32(p, input_id);
      put32(p + 4, (uint32_t)cycles);
      put32(p + 8, (uint32_t)(cycles >> 32));
      p[12] = k;
      p[13] = o->dtype;
      put16(p + 14, 0);
      put32(p + 16, off);
      put32(p + 20, o->bytes);
      memcpy(p + RESULT_HEADER, o->data + off, n);
      send_frame(TML_TM_RESULT, RESULT_HEADER + n);
      off += n;
    } while (off < o->bytes);
  }
}

/* Handles one INPUT chunk. Chunks of an inference arrive in order: input 0 from offset 0 to its end, then
 * input 1, …; anything else is answered with an ERROR so the host can restart that inference. */
static int handle_input(const uint8_t *p, size_t len) {
  if (len < 16) {
    send_error(TML_TM_ERR_BAD_FRAME, 0, "short INPUT");
    return 0;
  }
  uint32_t id = get32(p);
  uint8_t index = p[4];
  uint8_t flags = p[5];
  uint32_t offset = get32(p + 8);
  uint32_t total = get32(p + 12);
  const uint8_t *data = p + 16;
  uint32_t n = (uint32_t)(len - 16);
  if (index >= cfg->num_inputs || total != cfg->inputs[index].bytes || offset + n > total) {
    send_error(TML_TM_ERR_BAD_INPUT, id, "input index or size does not match the model");
    return 0;
  }
  if (offset == 0 && index == 0) {
    cur_input_id = id;
    cur_index = 0;
    cur_received = 0;
  }
  if (id != cur_input_id || index != cur_index || offset != cur_received) {
    send_error(TML_TM_ERR_OUT_OF_ORDER, id, "chunk out of order");
    cur_received = 0;
    cur_index = 0;
    return 0;
  }
  memcpy(cfg->inputs[index].data + offset, data, n);
  cur_received += n;
  if (cur_received == total) {
    cur_index++;
    cur_received = 0;
  }
  int complete = cur_index == cfg->num_inputs;
  if (complete && (flags & 1u)) {
    cur_index = 0;
    uint64_t cycles = cfg->run();
    tml_tm_send_results(id, cycles);
    return 1;
  }
  send_ack(id, offset + n);
  return 0;
}

static int handle_block(void) {
  size_t n = tml_cobs_decode_inplace(rx, rx_len);
  if (n == (size_t)-1 || n < HEADER + CRC) return 0; /* not a frame: noise between frames is ignored */
  uint16_t crc = (uint16_t)(rx[n - 2] | (rx[n - 1] << 8));
  if (tml_crc16(rx, n - CRC, 0xFFFFu) != crc || rx[0] != TML_TM_PROTOCOL_VERSION) {
    send_error(TML_TM_ERR_BAD_FRAME, 0, "CRC or version mismatch");
    return 0;
  }
  const uint8_t *payload = rx + HEADER;
  size_t plen = n - HEADER - CRC;
  switch (rx[1]) {
    case TML_TM_HELLO_REQ:
      tml_tm_send_hello();
      return 0;
    case TML_TM_INPUT:
      return handle_input(payload, plen);
    default:
      send_error(TML_TM_ERR_UNKNOWN_TYPE, 0, "unknown message type");
      return 0;
  }
}

int tml_tm_poll_byte(uint8_t byte) {
  if (byte == 0) {
    int ran = 0;
    if (!rx_overflow && rx_len > 0) ran = handle_block();
    rx_len = 0;
    rx_overflow = 0;
    return ran;
  }
  if (rx_len < sizeof rx) rx[rx_len++] = byte;
  else rx_overflow = 1; /* longer than any frame we accept: drop until the next delimiter */
  return 0;
}
