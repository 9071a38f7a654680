/**
 * Log — KMIP 2.0+; 2.1 §6.1.29 Tables 250–252: "This operation requests the server to log a
 * message to the server log. The response payload returned is empty."
 *
 * The message goes to the server log with who sent it. It is the client's text, so it is
 * length-bounded here and written as a field (never interpolated into the log line).
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { LogRequest, LogResponse } from "../kmip/payloads/session.js";
import type { OperationDef } from "./types.js";

/** Characters of one Log Message the server keeps; a longer message is an Invalid Field. */
export const LOG_MESSAGE_CHARS_MAX = 4096;

export const Log: OperationDef<LogRequest, LogResponse> = {
  name: "Log",
  handler: async (request, ctx) => {
    const message = request.logMessage;
    if (message.length > LOG_MESSAGE_CHARS_MAX) {
      throw new KmipError(
        ResultReason.InvalidField,
        `Log Message is over ${LOG_MESSAGE_CHARS_MAX} characters`,
      );
    }
    const who = { scope: ctx.identity.scopeName, role: ctx.identity.roleName };
    ctx.logger.info(
      Object.assign({}, who, { certificateSerial: ctx.identity.certificateSerial, logMessage: message }),
      "KMIP client log message",
    );
    return {};
  },
};
