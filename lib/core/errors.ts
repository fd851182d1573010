// Errors a use case raises on purpose. They carry a message key of the interface catalogues (namespace
// "Errors" unless the key has a dot) and, for a form, the field it concerns; the action wrapper turns
// them into a translated answer. Anything else thrown is a bug: logged, and answered with a generic
// translated message and the request id, never a 500.

export class ActionError extends Error {
  constructor(
    public readonly key: string,
    public readonly params: Record<string, string | number | Date> = {},
    public readonly field?: string,
  ) {
    super(key);
    this.name = "ActionError";
  }
}

/** The actor may not do this (missing permission, or the row belongs to another town). */
export class ForbiddenError extends ActionError {
  constructor() {
    super("forbidden");
    this.name = "ForbiddenError";
  }
}

/** The row does not exist for this town (never says whether it exists elsewhere). */
export class NotFoundError extends ActionError {
  constructor() {
    super("notFound");
    this.name = "NotFoundError";
  }
}

/** Several fields are wrong at once (each with its message key and parameters). */
export class FieldsError extends ActionError {
  constructor(public readonly fields: Record<string, { key: string; params?: Record<string, string | number | Date> }>) {
    super("fixErrors");
    this.name = "FieldsError";
  }
}
