// Virus scan of uploaded files by clamd, spoken to directly over TCP with its INSTREAM command:
// "zINSTREAM\0", then the file in chunks (each preceded by its length as 4 bytes, big-endian), then a
// zero length; clamd answers "stream: OK" or "stream: <signature> FOUND". No library: the protocol is
// ten lines, and the packages that wrap it either shell out to clamscan or add dependencies for little.
// Scanning is skipped when CLAMD_HOST is unset; when it is set but clamd does not answer, scanFile
// throws ScanUnavailableError and the upload is refused (an unscanned file is never stored then).
import { createReadStream } from "node:fs";
import net from "node:net";
import { getEnv } from "@/lib/core/env";

export type TScanResult = { clean: true } | { clean: false; signature: string };
export type TClamdOptions = { host: string; port: number; timeoutMs: number };

export class ScanUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ScanUnavailableError";
  }
}

/** clamd's address from the environment, or null when scanning is switched off. */
export function clamdFromEnv(): TClamdOptions | null {
  const env = getEnv();
  return env.CLAMD_HOST ? { host: env.CLAMD_HOST, port: env.CLAMD_PORT, timeoutMs: env.CLAMD_TIMEOUT_MS } : null;
}

/** One command, its whole answer (clamd closes the connection after answering a z-command). */
function talk(options: TClamdOptions, send: (socket: net.Socket, fail: (error: Error) => void) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: options.host, port: options.port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | null, answer?: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) reject(error instanceof ScanUnavailableError ? error : new ScanUnavailableError(`clamd at ${options.host}:${options.port}: ${error.message}`, { cause: error }));
      else resolve(answer ?? "");
    };
    socket.setTimeout(options.timeoutMs, () => finish(new Error(`no answer within ${options.timeoutMs} ms`)));
    socket.on("error", (error) => finish(error));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("end", () => finish(null, Buffer.concat(chunks).toString("utf8").replace(/\0+$/, "").trim()));
    socket.on("connect", () => send(socket, (error) => finish(error)));
  });
}

/** Whether clamd answers PING with PONG. */
export async function pingClamd(options: TClamdOptions): Promise<boolean> {
  try {
    return (await talk(options, (socket) => socket.end("zPING\0"))) === "PONG";
  } catch {
    return false;
  }
}

/** Parses clamd's answer to INSTREAM. */
export function parseScanAnswer(answer: string): TScanResult {
  const text = answer.replace(/^stream:\s*/, "");
  if (text === "OK") return { clean: true };
  const found = /^(.+) FOUND$/.exec(text);
  if (found) return { clean: false, signature: found[1]!.trim() };
  throw new ScanUnavailableError(`clamd could not scan the file: ${answer.slice(0, 200) || "empty answer"}`);
}

/** Sends the file to clamd and reads its verdict. Throws ScanUnavailableError if clamd cannot answer. */
export async function scanFile(file: string, options: TClamdOptions): Promise<TScanResult> {
  const answer = await talk(options, (socket, fail) => {
    const input = createReadStream(file, { highWaterMark: 64 * 1024 });
    input.on("error", fail);
    socket.write("zINSTREAM\0");
    input.on("data", (chunk) => {
      const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      const size = Buffer.alloc(4);
      size.writeUInt32BE(data.length, 0);
      socket.write(size);
      if (!socket.write(data)) {
        input.pause();
        socket.once("drain", () => input.resume());
      }
    });
    input.on("end", () => socket.write(Buffer.alloc(4)));
    // clamd may answer (and close) early, e.g. "INSTREAM size limit exceeded": stop sending then.
    socket.on("data", () => input.destroy());
    socket.on("close", () => input.destroy());
  });
  return parseScanAnswer(answer);
}
