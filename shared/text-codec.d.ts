// TextEncoder/TextDecoder exist in every runtime shared/ runs in (browsers, Node ≥ 11, Electron), but the
// ES2022 lib that keeps shared/ free of DOM and Node types does not declare them. Declared here, minimally.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
