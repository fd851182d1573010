// xliff and gettext-parser ship no types: the part used by lib/translations/service/transfer.ts.
declare module "xliff" {
  export type TXliffUnit = { source?: unknown; target?: unknown; note?: string; groupUnits?: Record<string, TXliffUnit> };
  export type TXliffJs = { sourceLanguage?: string; targetLanguage?: string; resources: Record<string, Record<string, TXliffUnit>> };
  export function js2xliff(js: TXliffJs): Promise<string>;
  export function xliff2js(xml: string): Promise<TXliffJs>;
}

declare module "gettext-parser" {
  export type TPoEntry = {
    msgctxt?: string;
    msgid: string;
    msgid_plural?: string;
    msgstr: string[];
    comments?: { translator?: string; reference?: string; extracted?: string; flag?: string; previous?: string };
  };
  export type TPoData = { charset?: string; headers: Record<string, string>; translations: Record<string, Record<string, TPoEntry>> };
  export const po: {
    parse(input: string | Buffer, options?: { defaultCharset?: string; validation?: boolean }): TPoData;
    compile(data: TPoData, options?: { foldLength?: number | false; sort?: boolean }): Buffer;
  };
  const gettextParser: { po: typeof po };
  export default gettextParser;
}
