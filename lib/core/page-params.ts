// Reading search parameters of a page: one string or nothing.
export type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function searchParam(searchParams: TSearchParams, name: string): Promise<string | undefined> {
  const value = (await searchParams)[name];
  return typeof value === "string" ? value : Array.isArray(value) ? value[0] : undefined;
}
