// Choosing a password through a one-time link (invitation or reset): the link's token travels in a
// hidden field; an expired or used link says so and offers the way forward.
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import type { TActionState, TFormAction } from "@/lib/core/action";
import { formLabels } from "@/lib/i18n/form-labels";

type TAction = TFormAction;

export async function NewPasswordForm(props: { locale: string; token: string | null; valid: boolean; title: string; lead: string; submit: string; action: TAction; expiredHref: string; expiredLink: string; email?: string }) {
  const t = await getTranslations({ locale: props.locale, namespace: "Password" });
  return (
    <div className="max-w-xl">
      <h1 className="text-3xl font-bold">{props.title}</h1>
      {!props.valid || !props.token ? (
        <div className="mt-6">
          <Notice kind="warning" title={t("linkInvalidTitle")}>
            <p>{t("linkInvalidBody")}</p>
          </Notice>
          <p>
            <a href={props.expiredHref}>{props.expiredLink}</a>
          </p>
        </div>
      ) : (
        <>
          <p className="mt-2 text-lg">{props.lead}</p>
          <ActionForm action={props.action} submitLabel={props.submit} labels={await formLabels(props.locale)} hidden={{ token: props.token }} id="new-password">
            {props.email ? <input type="text" name="username" autoComplete="username" defaultValue={props.email} hidden readOnly /> : null}
            <TextField name="password" type="password" label={t("newPassword")} hint={t("newPasswordHint")} autoComplete="new-password" />
            <TextField name="confirm" type="password" label={t("confirmPassword")} autoComplete="new-password" />
          </ActionForm>
        </>
      )}
    </div>
  );
}
