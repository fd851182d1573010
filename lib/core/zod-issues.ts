// zod issues as message keys of the "Errors" namespace (translated by the caller).
import type { z } from "zod";

/** A zod issue as a message key of the "Errors" namespace: the schema's own key if it has one, else by kind. */
export function issueKey(issue: z.core.$ZodIssue, has: (key: string) => boolean = () => true): { key: string; params: Record<string, number> } {
  const key = issue.message;
  const params: Record<string, number> = {};
  if ("minimum" in issue) params.min = Number(issue.minimum);
  if ("maximum" in issue) params.max = Number(issue.maximum);
  if (key && /^[a-zA-Z][\w.]*$/.test(key) && has(key)) return { key, params };
  switch (issue.code) {
    case "invalid_type":
      return { key: issue.input === undefined || issue.input === "" ? "required" : "invalid", params };
    case "too_small":
      return { key: issue.origin === "string" && Number(issue.minimum) <= 1 ? "required" : issue.origin === "array" ? "chooseAtLeast" : "tooShort", params };
    case "too_big":
      return { key: issue.origin === "array" ? "chooseAtMost" : "tooLong", params };
    case "invalid_format":
      return { key: issue.format === "email" ? "email" : "invalid", params };
    case "invalid_value":
      return { key: "choose", params };
    default:
      return { key: "invalid", params };
  }
}

