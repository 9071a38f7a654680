/**
 * Binary TTLV codec throughput on one core: `npm run bench:codec`.
 *
 * Three KMIP 1.4 messages built from the numeric tags of KMIP 1.4 §9.1.3.1 and the enumeration
 * values of §9.1.3.2: a Get request, a Get response carrying an AES-256 Symmetric Key (Key Block,
 * Raw Key Format, Key Material) and a Locate response with 1,000 Unique Identifiers. Each is
 * decoded and encoded in a warm-up loop, then in a timed loop of a fixed count.
 * Target: 200,000 decodes/s and 200,000 encodes/s of the Get response.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { decodeTtlv } from "../src/ttlv/decode.js";
import { encodeTtlv } from "../src/ttlv/encode.js";
import { ItemType, type TtlvItem } from "../src/ttlv/types.js";

const Tag = {
  BatchCount: 0x42000d,
  BatchItem: 0x42000f,
  CryptographicAlgorithm: 0x420028,
  CryptographicLength: 0x42002a,
  KeyBlock: 0x420040,
  KeyFormatType: 0x420042,
  KeyMaterial: 0x420043,
  KeyValue: 0x420045,
  LocatedItems: 0x4200d5,
  ObjectType: 0x420057,
  Operation: 0x42005c,
  ProtocolVersion: 0x420069,
  ProtocolVersionMajor: 0x42006a,
  ProtocolVersionMinor: 0x42006b,
  RequestHeader: 0x420077,
  RequestMessage: 0x420078,
  RequestPayload: 0x420079,
  ResponseHeader: 0x42007a,
  ResponseMessage: 0x42007b,
  ResponsePayload: 0x42007c,
  ResultStatus: 0x42007f,
  SymmetricKey: 0x42008f,
  TimeStamp: 0x420092,
  UniqueIdentifier: 0x420094,
} as const;

// §9.1.3.2 enumeration values.
const Operation = { Locate: 0x08, Get: 0x0a } as const;
const ObjectTypeSymmetricKey = 0x02;
const KeyFormatTypeRaw = 0x01;
const CryptographicAlgorithmAES = 0x03;
const ResultStatusSuccess = 0x00;

const struct = (tag: number, value: TtlvItem[]): TtlvItem => ({ tag, type: ItemType.Structure, value });
const int = (tag: number, value: number): TtlvItem => ({ tag, type: ItemType.Integer, value });
const enumeration = (tag: number, value: number): TtlvItem => ({ tag, type: ItemType.Enumeration, value });
const text = (tag: number, value: string): TtlvItem => ({ tag, type: ItemType.TextString, value });
const bytes = (tag: number, value: Uint8Array): TtlvItem => ({ tag, type: ItemType.ByteString, value });
const dateTime = (tag: number, value: bigint): TtlvItem => ({ tag, type: ItemType.DateTime, value });

const version = (): TtlvItem =>
  struct(Tag.ProtocolVersion, [int(Tag.ProtocolVersionMajor, 1), int(Tag.ProtocolVersionMinor, 4)]);
const now = BigInt(Math.floor(Date.now() / 1000));
const uid = randomUUID();

function request(operation: number, payload: TtlvItem[]): TtlvItem {
  const header = struct(Tag.RequestHeader, [version(), int(Tag.BatchCount, 1)]);
  const item = struct(Tag.BatchItem, [
    enumeration(Tag.Operation, operation),
    struct(Tag.RequestPayload, payload),
  ]);
  return struct(Tag.RequestMessage, [header, item]);
}

function response(operation: number, payload: TtlvItem[]): TtlvItem {
  const header = struct(Tag.ResponseHeader, [
    version(),
    dateTime(Tag.TimeStamp, now),
    int(Tag.BatchCount, 1),
  ]);
  const item = struct(Tag.BatchItem, [
    enumeration(Tag.Operation, operation),
    enumeration(Tag.ResultStatus, ResultStatusSuccess),
    struct(Tag.ResponsePayload, payload),
  ]);
  return struct(Tag.ResponseMessage, [header, item]);
}

const getRequest = request(Operation.Get, [text(Tag.UniqueIdentifier, uid)]);

const getResponse = response(Operation.Get, [
  enumeration(Tag.ObjectType, ObjectTypeSymmetricKey),
  text(Tag.UniqueIdentifier, uid),
  struct(Tag.SymmetricKey, [
    struct(Tag.KeyBlock, [
      enumeration(Tag.KeyFormatType, KeyFormatTypeRaw),
      struct(Tag.KeyValue, [bytes(Tag.KeyMaterial, randomBytes(32))]),
      enumeration(Tag.CryptographicAlgorithm, CryptographicAlgorithmAES),
      int(Tag.CryptographicLength, 256),
    ]),
  ]),
]);

const locateResponse = response(Operation.Locate, [
  int(Tag.LocatedItems, 1000),
  ...Array.from({ length: 1000 }, () => text(Tag.UniqueIdentifier, randomUUID())),
]);

interface Row {
  message: string;
  bytes: number;
  decodesPerS: number;
  decodeMBps: number;
  encodesPerS: number;
  encodeMBps: number;
}

function rate(count: number, fn: () => unknown): number {
  for (let i = 0; i < Math.min(count, 20_000); i++) fn(); // warm-up: let the JIT settle
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}

function measure(message: string, item: TtlvItem, count: number): Row {
  const wire = encodeTtlv(item);
  const decodesPerS = rate(count, () => decodeTtlv(wire));
  const encodesPerS = rate(count, () => encodeTtlv(item));
  const mb = wire.length / 1e6;
  return {
    message,
    bytes: wire.length,
    decodesPerS: Math.round(decodesPerS),
    decodeMBps: Math.round(decodesPerS * mb),
    encodesPerS: Math.round(encodesPerS),
    encodeMBps: Math.round(encodesPerS * mb),
  };
}

const rows = [
  measure("1.4 Get request", getRequest, 1_000_000),
  measure("1.4 Get response (AES-256 key)", getResponse, 1_000_000),
  measure("1.4 Locate response (1,000 UIDs)", locateResponse, 5_000),
];
console.log(`node ${process.version}, one core`);
console.table(rows);

const target = 200_000;
const get = rows[1]!;
const ok = get.decodesPerS >= target && get.encodesPerS >= target;
console.log(
  `${ok ? "OK" : "BELOW TARGET"}: Get response ${get.decodesPerS} decodes/s, ${get.encodesPerS} encodes/s (target ${target})`,
);
