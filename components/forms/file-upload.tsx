// The file field of a step (server component): the files already added (name, type and size, a
// download link, a remove button), a file input and an Upload button. Without JavaScript both
// buttons submit the step form to the documents routes (formAction), which keep the answers typed
// on the step and send the browser back here; with JavaScript the upload goes through XHR with a
// progress bar (FileUploadField). Texts come from the "Uploads" and "Errors" namespaces.
import { getTranslations } from "next-intl/server";
import { FileUploadField, type TFileUploadTexts, type TShownDocument } from "@/components/forms/file-upload-field";
import { withReturn } from "@/lib/forms/document-urls";
import { UPLOAD_ERRORS } from "@/lib/forms/files";
import type { TFileKind } from "@/lib/forms/definition";

export type TFileUploadProps = {
  /** HTML name of the input: the field id, or `<group>.<index>.<sub>` in a repeatable group */
  name: string;
  fieldId: string;
  label: string;
  hint?: string;
  error?: string;
  documents: { id: string; originalName: string; size: number; mediaType: string }[];
  /** The upload route for this field (with ?field=…&group=…), see lib/forms/document-urls.ts */
  uploadUrl: string;
  deleteUrl: (documentId: string) => string;
  downloadUrl: (documentId: string) => string;
  /** The step's path (/<locale>/requests/…): where the routes send the browser back */
  returnTo: string;
  accept: string;
  maxSizeMb: number;
  /** More than one file may be added (maxFiles > 1) */
  multiple: boolean;
  maxFiles?: number;
  kinds?: TFileKind[];
  locale: string;
  required?: boolean;
};

/** The widget's texts in `locale` (for a caller that renders FileUploadField itself). */
export async function fileUploadTexts(locale: string, options: { kinds: TFileKind[]; maxSizeMb: number; maxFiles: number }): Promise<TFileUploadTexts> {
  const t = await getTranslations({ locale, namespace: "Uploads" });
  const errors = await getTranslations({ locale, namespace: "Errors" });
  const kindLabel = { pdf: t("kindPdf"), image: t("kindImage"), office: t("kindOffice") } as const;
  const size = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(options.maxSizeMb);
  return {
    filesAdded: t("filesAdded"),
    download: t("download"),
    remove: t("remove"),
    removeNamed: t("removeNamed", { name: "{name}" }),
    upload: t("upload"),
    uploadAnother: t("uploadAnother"),
    replaces: t("replaces"),
    constraints: [
      t("kinds", { kinds: new Intl.ListFormat(locale, { type: "disjunction" }).format(options.kinds.map((k) => kindLabel[k])) }),
      t("maxSize", { size }),
      options.maxFiles > 1 ? t("maxFiles", { count: options.maxFiles }) : "",
    ]
      .filter(Boolean)
      .join(" "),
    progress: t("progress", { name: "{name}" }),
    uploading: t("uploading", { name: "{name}" }),
    uploaded: t("uploaded", { name: "{name}" }),
    failed: t("failed", { name: "{name}", reason: "{reason}" }),
    noFileChosen: t("noFileChosen"),
    fileDetails: t("fileDetails", { type: "{type}", size: "{size}" }),
    errors: Object.fromEntries(UPLOAD_ERRORS.map((key) => [key, errors(key)])),
  };
}

export async function FileUpload(props: TFileUploadProps) {
  const kinds = props.kinds ?? kindsFromAccept(props.accept);
  const maxFiles = props.maxFiles ?? (props.multiple ? 5 : 1);
  const texts = await fileUploadTexts(props.locale, { kinds, maxSizeMb: props.maxSizeMb, maxFiles });
  const documents: TShownDocument[] = props.documents.map((d) => ({
    ...d,
    downloadUrl: props.downloadUrl(d.id),
    deleteUrl: withReturn(props.deleteUrl(d.id), props.returnTo),
  }));
  return (
    <FileUploadField
      name={props.name}
      label={props.label}
      hint={props.hint}
      error={props.error}
      documents={documents}
      uploadUrl={withReturn(props.uploadUrl, props.returnTo)}
      accept={props.accept}
      canAddMore={props.multiple ? props.documents.length < maxFiles : true}
      replaces={!props.multiple && props.documents.length > 0}
      required={props.required}
      locale={props.locale}
      texts={texts}
    />
  );
}

function kindsFromAccept(accept: string): TFileKind[] {
  const kinds: TFileKind[] = [];
  if (accept.includes("application/pdf")) kinds.push("pdf");
  if (accept.includes("image/")) kinds.push("image");
  if (accept.includes("officedocument") || accept.includes("opendocument")) kinds.push("office");
  return kinds.length > 0 ? kinds : ["pdf", "image"];
}
