// bench/release: a browser without the Next.js runtime, as the citizen pages expect one (decision 014):
// plain GETs and form POSTs (multipart/form-data, as React writes the forms of server actions), a cookie
// jar, redirects followed by hand, and an address of its own (X-Forwarded-For, the server trusting one
// proxy). Plus the few bits of HTML reading the booking flow needs.
import { randomBytes } from "node:crypto";
import http from "node:http";

export type TResponse = {
  status: number;
  location: string | null;
  retryAfter: number | null;
  body: string;
  /** performance.now() when the request was sent and when its answer had fully arrived. */
  sentAt: number;
  doneAt: number;
  /** Date.now() at the same moments (to compare with the server's time stamps, same machine). */
  sentWall: number;
  doneWall: number;
  error?: string;
};

/** One keep-alive pool for every simulated browser (the sockets are the load generator's, not the visitor's). */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 1024, maxFreeSockets: 1024 });

const TIMEOUT_MS = 120_000;

export class Browser {
  readonly jar = new Map<string, string>();
  /** Requests sent, by kind of answer ("200", "303", "503", …). */
  readonly statuses = new Map<string, number>();

  constructor(
    readonly port: number,
    readonly host: string,
    readonly ip: string,
  ) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  private keep(setCookie: string[] | undefined) {
    for (const line of setCookie ?? []) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair!.indexOf("=");
      if (eq <= 0) continue;
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const gone = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a) || (/^\s*expires\s*=/i.test(a) && Date.parse(a.split("=").slice(1).join("=")) < Date.now()));
      if (gone || value === "") this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  request(method: "GET" | "POST", path: string, body?: { type: string; data: Buffer }): Promise<TResponse> {
    const headers: Record<string, string> = {
      host: this.host,
      "x-forwarded-for": this.ip,
      "user-agent": "civitas-bench-release (no JavaScript)",
      accept: "text/html,application/xhtml+xml",
      "accept-language": "fr",
    };
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    if (body) {
      headers["content-type"] = body.type;
      headers["content-length"] = String(body.data.length);
      // A browser sends the page's origin with a form POST; the server refuses a POST without it.
      headers.origin = `http://${this.host}`;
      headers.referer = `http://${this.host}${path}`;
    }
    const sentAt = performance.now();
    const sentWall = Date.now();
    return new Promise((resolve) => {
      const done = (r: Omit<TResponse, "sentAt" | "doneAt" | "sentWall" | "doneWall">) => {
        const full = { ...r, sentAt, sentWall, doneAt: performance.now(), doneWall: Date.now() };
        const key = r.error ? "transport error" : String(r.status);
        this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
        resolve(full);
      };
      const req = http.request({ host: "127.0.0.1", port: this.port, method, path, agent, headers, timeout: TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          this.keep(res.headers["set-cookie"]);
          const retry = Number(res.headers["retry-after"]);
          done({ status: res.statusCode ?? 0, location: res.headers.location ?? null, retryAfter: Number.isFinite(retry) ? retry : null, body: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", (e) => done({ status: 0, location: null, retryAfter: null, body: "", error: e.message }));
      });
      req.on("timeout", () => req.destroy(new Error(`client timeout (${TIMEOUT_MS / 1000} s)`)));
      req.on("error", (e) => done({ status: 0, location: null, retryAfter: null, body: "", error: e.message }));
      req.end(body?.data);
    });
  }

  get(path: string): Promise<TResponse> {
    return this.request("GET", path);
  }

  /** Posts a form as the browser does for a server action's form (multipart/form-data), to `path`. */
  post(path: string, fields: [string, string][]): Promise<TResponse> {
    return this.request("POST", path, multipart(fields));
  }
}

export function multipart(fields: [string, string][]): { type: string; data: Buffer } {
  const boundary = `----CivitasBench${randomBytes(12).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, "%22")}"\r\n\r\n`, "utf8"), Buffer.from(value, "utf8"), Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { type: `multipart/form-data; boundary=${boundary}`, data: Buffer.concat(parts) };
}

/** The path (and query) of a Location header, whether absolute or not. */
export function pathOf(location: string): string {
  const url = new URL(location, "http://x.invalid");
  return `${url.pathname}${url.search}`;
}

// ---------------------------------------------------------------------------------------------------
// HTML

export function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, "\u00a0")
    .replace(/&amp;/g, "&");
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const inner = tag.replace(/^<\w+/, "").replace(/\/?>$/, "");
  for (const m of inner.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return out;
}

export type TForm = {
  /** The form's action attribute ("" or absent: the page's own URL). */
  action: string | null;
  method: string;
  enctype: string | null;
  /** Hidden inputs, in document order (the server action's $ACTION_… fields among them). */
  hidden: [string, string][];
  /** Radio buttons by name: their values in order. */
  radios: Map<string, string[]>;
  /** Selects by name: the selected option's value (else the first). */
  selects: Map<string, string>;
  /** Names of the text-like inputs (text, email, tel…). */
  texts: string[];
};

/** The forms of a page that post (method POST), with what a browser would send from them. */
export function postForms(html: string): TForm[] {
  const forms: TForm[] = [];
  for (const m of html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)) {
    const whole = m[0];
    const open = /^<form\b[^>]*>/i.exec(whole)![0];
    const a = attributes(open);
    const method = (a.get("method") ?? "GET").toUpperCase();
    if (method !== "POST") continue;
    const form: TForm = { action: a.has("action") ? a.get("action")! : null, method, enctype: a.get("enctype") ?? null, hidden: [], radios: new Map(), selects: new Map(), texts: [] };
    for (const input of whole.matchAll(/<input\b[^>]*>/gi)) {
      const ia = attributes(input[0]);
      const name = ia.get("name");
      if (!name || ia.has("disabled")) continue;
      const type = (ia.get("type") ?? "text").toLowerCase();
      if (type === "hidden") form.hidden.push([name, ia.get("value") ?? ""]);
      else if (type === "radio") form.radios.set(name, [...(form.radios.get(name) ?? []), ia.get("value") ?? "on"]);
      else if (type !== "checkbox" && type !== "submit" && type !== "button" && type !== "file") form.texts.push(name);
    }
    for (const select of whole.matchAll(/<select\b[^>]*>[\s\S]*?<\/select>/gi)) {
      const name = attributes(/^<select\b[^>]*>/i.exec(select[0])![0]).get("name");
      if (!name) continue;
      const options = [...select[0].matchAll(/<option\b[^>]*>/gi)].map((o) => attributes(o[0]));
      const chosen = options.find((o) => o.has("selected")) ?? options[0];
      if (chosen) form.selects.set(name, chosen.get("value") ?? "");
    }
    forms.push(form);
  }
  return forms;
}

/** The text of the page's error summary (role=alert), if any. */
export function alertText(html: string): string | null {
  const m = /<[^>]+role="alert"[^>]*>([\s\S]*?)<\/(?:div|section)>/i.exec(html);
  if (!m) return null;
  return decodeEntities(m[1]!.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();
}

/** The `content` of the ALTCHA setup the check page carries (JSON in a script of type application/json). */
export function altchaSetup(html: string): { challenge: { parameters: Record<string, unknown>; signature: string } } | null {
  const m = /<script type="application\/json" id="altcha-setup">([\s\S]*?)<\/script>/.exec(html);
  if (!m) return null;
  try {
    return JSON.parse(m[1]!) as { challenge: { parameters: Record<string, unknown>; signature: string } };
  } catch {
    return null;
  }
}

/**
 * Where the waiting page says the visitor stands: "before" the release, "waiting" with the position
 * shown (people ahead, about), or "spent"/"not in the queue" (a page with a button to join).
 */
export function waitingState(html: string): { state: "before" | "waiting" | "other"; position: number | null; refreshSeconds: number | null } {
  const refresh = /data-refresh-seconds="(\d+)"/.exec(html);
  const refreshSeconds = refresh ? Number(refresh[1]) : null;
  const status = /<div[^>]*role="status"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  if (!status) return { state: "other", position: null, refreshSeconds };
  const text = decodeEntities(status[1]!.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
  if (/en tête de la file/.test(text)) return { state: "waiting", position: 1, refreshSeconds };
  const ahead = /Environ ([\d\s\u00a0\u202f.,]+) personnes? (?:sont|est) devant vous/.exec(text);
  if (ahead) return { state: "waiting", position: Number(ahead[1]!.replace(/\D/g, "")), refreshSeconds };
  return { state: "before", position: null, refreshSeconds };
}
