import { describe, expect, it } from "vitest";
import {
  contentFieldId,
  contentFieldName,
  contentTexts,
  ContentPathError,
  mapAt,
  nodeAt,
  parseRefKey,
  postedTexts,
  refKey,
  sourceText,
  withLocaleText,
  type TSegment,
} from "@/lib/translations/content-paths";

const definition = {
  steps: [
    {
      id: "about",
      titles: { fr: "À propos" },
      fields: [
        { id: "what", type: "text", labels: { fr: "Quoi", en: "What" }, hints: { fr: "Un mot" }, validation: { pattern: "^a", patternMessages: { fr: "Commence par a" } } },
        { id: "kind", type: "choice", labels: { fr: "Type" }, options: [{ value: "sofa", labels: { fr: "Canapé" } }, { value: "bed", labels: { fr: "Lit" } }] },
        { id: "people", type: "group", labels: { fr: "Personnes" }, fields: [{ id: "person_name", type: "text", labels: { fr: "Nom" } }] },
        { id: "note", type: "info", labels: { fr: "Note" }, texts: { fr: "Apportez vos papiers" } },
      ],
    },
  ],
};
const workflow = {
  initial: "received",
  states: [{ id: "received", labels: { fr: "Reçue" } }, { id: "done", labels: { fr: "Terminée" }, final: true }],
  actions: [{ id: "accept", labels: { fr: "Accepter" }, from: ["received"], to: "done", tasks: [{ type: "assign", to: "actor" }, { type: "notify", subjects: { fr: "Acceptée" }, bodies: { fr: "Votre demande {reference}" } }] }],
};

describe("content paths", () => {
  it("finds array elements by id or value, never by position, and a notify task by its index", () => {
    expect(mapAt(definition, ["steps", { id: "about" }, "fields", { id: "kind" }, "options", { value: "bed" }, "labels"])).toEqual({ fr: "Lit" });
    expect(mapAt(definition, ["steps", { id: "about" }, "fields", { id: "people" }, "fields", { id: "person_name" }, "labels"])).toEqual({ fr: "Nom" });
    expect(mapAt(workflow, ["actions", { id: "accept" }, "tasks", 1, "subjects"])).toEqual({ fr: "Acceptée" });
    expect(nodeAt(definition, ["steps", { id: "nope" }, "titles"])).toBeUndefined();
    // A node that is not a text map is not a text.
    expect(mapAt(definition, ["steps", { id: "about" }, "fields", { id: "what" }, "validation"])).toBeNull();
    expect(mapAt(definition, ["steps", { id: "about" }, "fields", { id: "what" }, "type"])).toBeNull();
  });

  it("sets one language of a text in a copy, leaving the source and the structure alone", () => {
    const path: TSegment[] = ["steps", { id: "about" }, "fields", { id: "what" }, "labels"];
    const next = withLocaleText(definition, path, "es", "Qué");
    expect(mapAt(next, path)).toEqual({ fr: "Quoi", en: "What", es: "Qué" });
    expect(mapAt(definition, path)).toEqual({ fr: "Quoi", en: "What" });
    expect(JSON.stringify({ ...next, steps: [] })).toBe(JSON.stringify({ ...definition, steps: [] }));
    // A blank text removes the language.
    expect(mapAt(withLocaleText(next, path, "en", "  "), path)).toEqual({ fr: "Quoi", es: "Qué" });
  });

  it("refuses a path that does not exist or does not lead to a text", () => {
    expect(() => withLocaleText(definition, ["steps", { id: "gone" }, "titles"], "es", "x")).toThrow(ContentPathError);
    expect(() => withLocaleText(definition, ["steps", { id: "about" }, "fields", { id: "what" }, "validation"], "es", "x")).toThrow(ContentPathError);
    expect(() => withLocaleText(definition, ["steps", { id: "about" }, "fields", { id: "what" }, "required"], "es", "x")).toThrow(ContentPathError);
    expect(() => withLocaleText(workflow, ["actions", { id: "accept" }, "tasks", 7, "subjects"], "es", "x")).toThrow(ContentPathError);
  });

  it("round-trips references through their keys and refuses anything else", () => {
    const ref = { column: "definition", path: ["steps", { id: "about" }, "fields", { id: "kind" }, "options", { value: "sofa" }, "labels"] as TSegment[] };
    expect(parseRefKey(refKey(ref))).toEqual(ref);
    expect(parseRefKey("not base64!")).toBeNull();
    expect(parseRefKey(Buffer.from('{"a":1}').toString("base64url"))).toBeNull();
    expect(parseRefKey(Buffer.from('["definition",{"id":"x","value":"y"}]').toString("base64url"))).toBeNull();
  });

  it("lists every text of a form: step titles, labels, hints, options, group fields, pattern messages, states, actions and e-mails", () => {
    const texts = contentTexts("form", { titles: { fr: "Encombrants" }, descriptions: {}, nextSteps: { fr: "Nous vous appelons" }, closedMessages: {}, definition, workflow }, "fr");
    const found = texts.map((t) => `${t.column}:${JSON.stringify(t.path)}:${t.label.key}`);
    expect(found).toEqual([
      "titles:[]:form.titles",
      'descriptions:[]:form.descriptions',
      "nextSteps:[]:form.nextSteps",
      "closedMessages:[]:form.closedMessages",
      'definition:["steps",{"id":"about"},"titles"]:stepTitle',
      'definition:["steps",{"id":"about"},"fields",{"id":"what"},"labels"]:fieldLabel',
      'definition:["steps",{"id":"about"},"fields",{"id":"what"},"hints"]:fieldHint',
      'definition:["steps",{"id":"about"},"fields",{"id":"what"},"validation","patternMessages"]:fieldPattern',
      'definition:["steps",{"id":"about"},"fields",{"id":"kind"},"labels"]:fieldLabel',
      'definition:["steps",{"id":"about"},"fields",{"id":"kind"},"options",{"value":"sofa"},"labels"]:fieldOption',
      'definition:["steps",{"id":"about"},"fields",{"id":"kind"},"options",{"value":"bed"},"labels"]:fieldOption',
      'definition:["steps",{"id":"about"},"fields",{"id":"people"},"labels"]:fieldLabel',
      'definition:["steps",{"id":"about"},"fields",{"id":"people"},"fields",{"id":"person_name"},"labels"]:fieldLabel',
      'definition:["steps",{"id":"about"},"fields",{"id":"note"},"labels"]:fieldLabel',
      'definition:["steps",{"id":"about"},"fields",{"id":"note"},"texts"]:fieldText',
      'workflow:["states",{"id":"received"},"labels"]:stateLabel',
      'workflow:["states",{"id":"done"},"labels"]:stateLabel',
      'workflow:["actions",{"id":"accept"},"labels"]:actionLabel',
      'workflow:["actions",{"id":"accept"},"tasks",1,"subjects"]:mailSubject',
      'workflow:["actions",{"id":"accept"},"tasks",1,"bodies"]:mailBody',
    ]);
    expect(texts.find((t) => t.label.key === "fieldHint")?.label.params).toEqual({ field: "Quoi" });
    expect(texts.find((t) => t.label.key === "mailBody")?.label.params).toEqual({ action: "Accepter" });
  });

  it("lists a service's questions and their answers", () => {
    const texts = contentTexts("service", { names: { fr: "Passeport" }, customFields: [{ id: "why", type: "choice", labels: { fr: "Motif" }, options: [{ value: "new", labels: { fr: "Premier" } }] }] }, "fr");
    expect(texts.map((t) => t.label.key)).toEqual(["service.names", "questionLabel", "questionOption"]);
    expect(texts[2]!.path).toEqual([{ id: "why" }, "options", { value: "new" }, "labels"]);
  });

  it("takes the source from the town's language, else another one than the target", () => {
    expect(sourceText({ fr: "Bonjour", en: "Hello" }, "fr", "es")).toEqual({ text: "Bonjour", lang: "fr" });
    expect(sourceText({ fr: " ", en: "Hello" }, "fr", "es")).toEqual({ text: "Hello", lang: "en" });
    expect(sourceText({ es: "Hola" }, "fr", "es")).toBeNull();
  });

  it("names the fields of an item uniquely on the page and reads them back", () => {
    const id = "0190a1b2-0000-7000-8000-000000000001";
    const key = refKey({ column: "names", path: [] });
    const name = contentFieldName(id, key);
    expect(contentFieldId(name)).toMatch(/^f-t-0190a1b2-0000-7000-8000-000000000001-[A-Za-z0-9_-]+$/);
    expect(postedTexts(id, { locale: "es", kind: "site", id, [name]: "Hola" }, ["locale", "kind", "id"])).toEqual({ [key]: "Hola" });
    expect(postedTexts(id, { locale: "es", [`t.other.${key}`]: "x" }, ["locale"])).toBeNull();
  });
});
