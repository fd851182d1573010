// Computes the SQL that turns one Prisma datamodel into another, offline, with the WebAssembly build
// of Prisma's schema engine (@prisma/schema-engine-wasm). This is what `prisma migrate diff` does,
// without the native engine the Prisma CLI downloads at start (unreachable on offline machines).
// The engine connects to a live PostgreSQL at construction; any empty database will do.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";

export type TSchemaFile = { path: string; content: string };
export type TDiffSide = { tag: "empty" } | { tag: "schemaDatamodel"; files: TSchemaFile[] };

type TResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

// The engine build expects the older driver-adapter contract, in which every method returns a
// result object. Today's adapter returns bare values (or throws): wrap each method.
function wrapResults<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const toResult = (v: unknown): TResult<unknown> => {
          if (v && typeof v === "object" && typeof (v as { then?: unknown }).then !== "function") {
            // Wrap nested objects that expose methods (transactions) as well.
            const hasMethods = Object.values(Object.getPrototypeOf(v) ?? {}).length > 0 || typeof (v as { commit?: unknown }).commit === "function";
            return { ok: true, value: hasMethods ? wrapResults(v as object) : v };
          }
          return { ok: true, value: v };
        };
        try {
          const out = value.apply(object, args);
          if (out && typeof (out as Promise<unknown>).then === "function") {
            return (out as Promise<unknown>).then(toResult, (error: unknown) => ({ ok: false, error }));
          }
          return toResult(out);
        } catch (error) {
          return { ok: false, error };
        }
      };
    },
  });
}

async function loadEngine() {
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const dir = path.dirname(bgPath);
  const bg = await import(pathToFileURL(bgPath).href);
  const bytes = await readFile(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = (await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg })) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bg as {
    SchemaEngine: {
      new: (options: unknown, log: (line: string) => void, adapter: unknown) => Promise<{
        diff: (params: unknown) => Promise<{ exitCode: number; stdout?: string }>;
        free: () => void;
      }>;
    };
  };
}

export async function diffSchemas(options: {
  connectionString: string;
  from: TDiffSide;
  to: TDiffSide;
}): Promise<string> {
  const { SchemaEngine } = await loadEngine();
  const factory = new PrismaPg({ connectionString: options.connectionString });
  const adapterFactory = wrapResults({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrapResults(await factory.connect()),
    connectToShadowDb: async () => wrapResults(await factory.connectToShadowDb()),
  });
  const datamodels: [string, string][] =
    options.to.tag === "schemaDatamodel" ? options.to.files.map((f) => [f.path, f.content]) : [];
  const logs: string[] = [];
  const engine = await SchemaEngine.new({ datamodels }, (line) => logs.push(line), adapterFactory);
  try {
    const result = await engine.diff({
      from: options.from,
      to: options.to,
      script: true,
      exitCode: null,
      shadowDatabaseUrl: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  } finally {
    engine.free();
    const adapter = await factory.connect().catch(() => null);
    await adapter?.dispose().catch(() => {});
  }
}
