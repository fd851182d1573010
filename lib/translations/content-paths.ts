// The texts of a town's own content (its name and notices, sites, appointment services, forms) that a
// translator may translate, found in the rows' JSON and addressed by a stable reference: the column and
// a path in it whose array elements are named by their id (steps, fields, states, actions, questions)
// or value (options), never by position, except a notify task's (tasks have no id). Pure: no database.
//
// A reference is written in forms as a short key (base64url of the JSON of [column, ...path]); only the
// references this module lists for a row can be saved, so a posted path can never reach another part
// of the row (a condition, a validation rule) nor create a structure.

export const CONTENT_KINDS = ["town", "site", "service", "form"] as const;
export type TContentKind = (typeof CONTENT_KINDS)[number];

export type TSegment = string | number | { id: string } | { value: string };
export type TTextRef = { column: string; path: TSegment[] };
/** What a text is, as a message key of "TranslationsContent.labels" and its parameters. */
export type TTextLabel = { key: string; params?: Record<string, string> };
export type TTextSpec = TTextRef & { key: string; label: TTextLabel; map: Record<string, string> };

export class ContentPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContentPathError";
  }
}

type TJson = unknown;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A per-locale text map ({ "fr": "…", "en": "…" }). */
export function isLocalizedMap(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every((x) => typeof x === "string");
}

function segmentOk(s: unknown): s is TSegment {
  if (typeof s === "string") return s.length > 0 && s.length <= 64;
  if (typeof s === "number") return Number.isInteger(s) && s >= 0 && s < 1000;
  if (!isObject(s)) return false;
  const keys = Object.keys(s);
  return keys.length === 1 && (keys[0] === "id" || keys[0] === "value") && typeof s[keys[0]] === "string";
}

export function refKey(ref: TTextRef): string {
  return Buffer.from(JSON.stringify([ref.column, ...ref.path]), "utf8").toString("base64url");
}

/** The reference of a key, or null when the key is not one (anything posted). */
export function parseRefKey(key: string): TTextRef | null {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(key)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(key, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== "string" || value.length > 20) return null;
    const [column, ...path] = value as unknown[];
    if (!path.every(segmentOk)) return null;
    return { column: column as string, path: path as TSegment[] };
  } catch {
    return null;
  }
}

/** The name of a text's field in the page's forms (unique on the page: it carries the item's id). */
export const contentFieldName = (itemId: string, key: string) => `t.${itemId}.${key}`;

/** The text keys of a posted form of item `itemId` ({ name → value }); null when a name is not one of them. */
export function postedTexts(itemId: string, input: Record<string, unknown>, known: readonly string[]): Record<string, unknown> | null {
  const prefix = `t.${itemId}.`;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (known.includes(name)) continue;
    if (!name.startsWith(prefix)) return null;
    out[name.slice(prefix.length)] = value;
  }
  return out;
}

function step(node: TJson, segment: TSegment): TJson {
  if (typeof segment === "string") return isObject(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
  if (!Array.isArray(node)) return undefined;
  if (typeof segment === "number") return node[segment];
  if ("id" in segment) return node.find((e) => isObject(e) && e.id === segment.id);
  return node.find((e) => isObject(e) && e.value === segment.value);
}

/** The node at `path` in `root`, or undefined. */
export function nodeAt(root: TJson, path: readonly TSegment[]): TJson {
  let node = root;
  for (const segment of path) {
    node = step(node, segment);
    if (node === undefined) return undefined;
  }
  return node;
}

/** The text map at `path`, or null when the path does not lead to one. */
export function mapAt(root: TJson, path: readonly TSegment[]): Record<string, string> | null {
  const node = nodeAt(root, path);
  return isLocalizedMap(node) ? node : null;
}

/**
 * A copy of `root` whose text map at `path` has `locale` set to `value` (null or blank: removed). Other
 * languages and the rest of the structure are untouched. Throws ContentPathError when the path does not
 * lead to a text map.
 */
export function withLocaleText<T>(root: T, path: readonly TSegment[], locale: string, value: string | null): T {
  const copy = structuredClone(root);
  const map = mapAt(copy, path);
  if (!map) throw new ContentPathError(`no text at ${JSON.stringify(path)}`);
  if (value === null || value.trim() === "") delete map[locale];
  else map[locale] = value;
  return copy;
}

/** The text to translate from: the town's default language, else another one than the target. */
export function sourceText(map: Record<string, string>, defaultLocale: string, target: string): { text: string; lang: string } | null {
  for (const lang of [defaultLocale, ...Object.keys(map)]) {
    if (lang === target) continue;
    const text = map[lang];
    if (text && text.trim()) return { text, lang };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// The texts of each kind of row.

type TCollector = { out: TTextSpec[] };

function add(c: TCollector, column: string, root: TJson, path: TSegment[], label: TTextLabel) {
  const map = mapAt(root, path);
  if (!map) return;
  c.out.push({ column, path, key: refKey({ column, path }), label, map });
}

/** A name of an element for labels: its text in the town's language, else its id. */
function nameOf(element: Record<string, unknown>, mapKey: string, defaultLocale: string): string {
  const map = element[mapKey];
  if (isLocalizedMap(map)) {
    const picked = sourceText(map, defaultLocale, "");
    if (picked) return picked.text.length > 60 ? `${picked.text.slice(0, 57)}…` : picked.text;
  }
  return typeof element.id === "string" ? element.id : typeof element.value === "string" ? element.value : "?";
}

const SIMPLE_COLUMNS: Record<TContentKind, string[]> = {
  town: ["names", "contactAddress", "contactHours", "legalNotice", "accessibilityNotes"],
  site: ["names", "address", "access", "accessibility"],
  service: ["names", "descriptions", "whatToBring", "confirmationTexts", "cancellationTexts"],
  form: ["titles", "descriptions", "nextSteps", "closedMessages"],
};

function formFields(c: TCollector, root: TJson, base: TSegment[], fields: unknown, defaultLocale: string) {
  if (!Array.isArray(fields)) return;
  for (const field of fields) {
    if (!isObject(field) || typeof field.id !== "string") continue;
    const path: TSegment[] = [...base, { id: field.id }];
    const name = nameOf(field, "labels", defaultLocale);
    add(c, "definition", root, [...path, "labels"], { key: "fieldLabel" });
    add(c, "definition", root, [...path, "hints"], { key: "fieldHint", params: { field: name } });
    add(c, "definition", root, [...path, "texts"], { key: "fieldText", params: { field: name } });
    if (Array.isArray(field.options)) {
      for (const option of field.options) {
        if (isObject(option) && typeof option.value === "string") add(c, "definition", root, [...path, "options", { value: option.value }, "labels"], { key: "fieldOption", params: { field: name } });
      }
    }
    add(c, "definition", root, [...path, "validation", "patternMessages"], { key: "fieldPattern", params: { field: name } });
    formFields(c, root, [...path, "fields"], field.fields, defaultLocale);
  }
}

/**
 * Every text of a row, in the order of the admin screens: `row` holds the row's columns (a town's
 * names…, a service's customFields, a form's definition and workflow).
 */
export function contentTexts(kind: TContentKind, row: Record<string, unknown>, defaultLocale: string): TTextSpec[] {
  const c: TCollector = { out: [] };
  for (const column of SIMPLE_COLUMNS[kind]) add(c, column, row[column], [], { key: `${kind}.${column}` });
  if (kind === "service" && Array.isArray(row.customFields)) {
    for (const q of row.customFields) {
      if (!isObject(q) || typeof q.id !== "string") continue;
      const name = nameOf(q, "labels", defaultLocale);
      add(c, "customFields", row.customFields, [{ id: q.id }, "labels"], { key: "questionLabel" });
      add(c, "customFields", row.customFields, [{ id: q.id }, "hints"], { key: "questionHint", params: { field: name } });
      if (Array.isArray(q.options)) {
        for (const o of q.options) {
          if (isObject(o) && typeof o.value === "string") add(c, "customFields", row.customFields, [{ id: q.id }, "options", { value: o.value }, "labels"], { key: "questionOption", params: { field: name } });
        }
      }
    }
  }
  if (kind === "form") {
    const def = row.definition;
    if (isObject(def) && Array.isArray(def.steps)) {
      for (const s of def.steps) {
        if (!isObject(s) || typeof s.id !== "string") continue;
        add(c, "definition", def, ["steps", { id: s.id }, "titles"], { key: "stepTitle" });
        formFields(c, def, ["steps", { id: s.id }, "fields"], s.fields, defaultLocale);
      }
    }
    const wf = row.workflow;
    if (isObject(wf)) {
      if (Array.isArray(wf.states)) {
        for (const s of wf.states) if (isObject(s) && typeof s.id === "string") add(c, "workflow", wf, ["states", { id: s.id }, "labels"], { key: "stateLabel" });
      }
      if (Array.isArray(wf.actions)) {
        for (const a of wf.actions) {
          if (!isObject(a) || typeof a.id !== "string") continue;
          const name = nameOf(a, "labels", defaultLocale);
          const id = a.id;
          add(c, "workflow", wf, ["actions", { id }, "labels"], { key: "actionLabel" });
          if (!Array.isArray(a.tasks)) continue;
          a.tasks.forEach((task, n) => {
            if (!isObject(task) || task.type !== "notify") return;
            add(c, "workflow", wf, ["actions", { id }, "tasks", n, "subjects"], { key: "mailSubject", params: { action: name } });
            add(c, "workflow", wf, ["actions", { id }, "tasks", n, "bodies"], { key: "mailBody", params: { action: name } });
          });
        }
      }
    }
  }
  return c.out;
}

/** The HTML id of a text's field (as components/form/action-form.tsx's fieldId makes it). */
export const contentFieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
