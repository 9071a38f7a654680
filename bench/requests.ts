/**
 * The request messages the scenarios send, encoded once with kmipd's own client message layer
 * (KMIP 1.4, which kmipd and PyKMIP both speak), and the ceiling's one fixed answer: a Get
 * response for an AES-256 key as a real server would send it (Response Header with Time Stamp,
 * one Batch Item, a Symmetric Key in a Raw Key Block).
 */
import { randomBytes } from "node:crypto";
import { nameAttribute } from "../src/client/attributes.js";
import { encodeRequest } from "../src/client/message.js";
import { createPayload, locatePayload } from "../src/client/requests.js";
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  KeyFormatType,
  ObjectType,
  Operation,
  ResultStatus,
} from "../src/kmip/generated/enums.js";
import { encodeResponseMessage, encodeResponsePayload, type ResponseMessage } from "../src/kmip/messages.js";
import type { KmipVersion } from "../src/kmip/version.js";
import { encodeTtlv } from "../src/ttlv/encode.js";

export const VERSION: KmipVersion = 14;

/** One Request Message with one Batch Item. */
export function requestBytes(operation: number, payload: unknown): Uint8Array {
  return encodeRequest(VERSION, [{ operation, payload }], {}, () => 1).bytes;
}

export const aes256 = (name?: string) =>
  createPayload({ algorithm: "AES", length: 256, usageMask: "Encrypt Decrypt", ...(name && { name }) });

export const getRequest = (uid: string) => requestBytes(Operation.Get, { uniqueIdentifier: uid });

export const createRequest = () => requestBytes(Operation.Create, aes256());

export const locateRequest = (name: string) =>
  requestBytes(Operation.Locate, locatePayload({ attributes: [nameAttribute(name)] }));

/**
 * Encrypt of 64 bytes under AES-GCM with a 16-byte tag, the IV left to the server (PyKMIP
 * makes one when none is sent; kmipd when Random IV is set). PyKMIP wants the algorithm in the
 * parameters, so it is given.
 */
export function encryptRequest(uid: string, mode: "GCM" | "CBC"): Uint8Array {
  const gcm = mode === "GCM";
  const cryptographicParameters = {
    blockCipherMode: gcm ? BlockCipherMode.GCM : BlockCipherMode.CBC,
    cryptographicAlgorithm: CryptographicAlgorithm.AES,
    randomIV: true,
    ...(gcm ? { tagLength: 16 } : { paddingMethod: 3 /* PKCS5, KMIP 1.4 §9.1.3.2.14 */ }),
  };
  const data = new Uint8Array(64).fill(0x2a);
  return requestBytes(Operation.Encrypt, { uniqueIdentifier: uid, cryptographicParameters, data });
}

/** What the ceiling answers to everything: a successful Get of an AES-256 key. */
export function fixedGetResponse(): Uint8Array {
  const payload = {
    objectType: ObjectType.SymmetricKey,
    // kmipd's identifiers are 32 base62 characters; this one has the same length.
    uniqueIdentifier: "0123456789abcdefghijABCDEFGHIJkl",
    object: {
      type: "symmetricKey",
      value: {
        keyBlock: {
          keyFormatType: KeyFormatType.Raw,
          keyValue: { keyMaterial: new Uint8Array(randomBytes(32)) },
          cryptographicAlgorithm: CryptographicAlgorithm.AES,
          cryptographicLength: 256,
        },
      },
    },
  };
  const header = {
    protocolVersion: { protocolVersionMajor: 1, protocolVersionMinor: 4 },
    timeStamp: BigInt(Math.floor(Date.now() / 1000)),
    attestationType: [],
    batchCount: 1,
  };
  const item = {
    operation: Operation.Get,
    resultStatus: ResultStatus.Success,
    responsePayload: encodeResponsePayload(Operation.Get, payload, VERSION),
    messageExtension: [],
  };
  const message: ResponseMessage = { responseHeader: header, batchItem: [item] } as ResponseMessage;
  return encodeTtlv(encodeResponseMessage(message, VERSION));
}
