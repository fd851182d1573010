// Addresses of the documents' route handlers (app/(tenant)/[tenant]/api/…), for pages and the file widget.
const q = encodeURIComponent;

export type TDocumentUrls = {
  upload: (fieldId: string, groupIndex?: number | null) => string;
  remove: (documentId: string) => string;
  download: (documentId: string) => string;
};

function urls(base: string): TDocumentUrls {
  return {
    upload: (fieldId, groupIndex) => `${base}?field=${q(fieldId)}${groupIndex === null || groupIndex === undefined ? "" : `&group=${groupIndex}`}`,
    remove: (documentId) => `${base}/${q(documentId)}/delete`,
    download: (documentId) => `${base}/${q(documentId)}`,
  };
}

/** The citizen's draft of a form (draft cookie). */
export const draftDocumentUrls = (formId: string): TDocumentUrls => urls(`/api/forms/${q(formId)}/documents`);

/** A pending correction (secret of the correction link). */
export const correctionDocumentUrls = (secret: string): TDocumentUrls => urls(`/api/requests/correct/${q(secret)}/documents`);

/** A sent request's file for the citizen's follow-up page. */
export const followDocumentUrl = (secret: string, documentId: string) => `/api/requests/follow/${q(secret)}/documents/${q(documentId)}`;

/** A request's file for an agent (requests:process on the form). */
export const agentDocumentUrl = (requestId: string, documentId: string) => `/api/requests/${q(requestId)}/documents/${q(documentId)}`;

/** The same address with `return=<path>` added (where the route sends the browser back). */
export function withReturn(url: string, returnTo: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}return=${q(returnTo)}`;
}
