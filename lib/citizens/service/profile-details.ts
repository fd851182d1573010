// A signed-in citizen's profile as the answers of a booking's details step (name split at the last
// space: "Camille Martin" → first name "Camille", last name "Martin"; they can change it).
import type { TCitizenRow } from "@/lib/citizens/repo";

export function profileDetails(citizen: Pick<TCitizenRow, "name" | "email" | "phone">): Record<string, string> {
  const name = (citizen.name ?? "").trim();
  const cut = name.lastIndexOf(" ");
  return {
    firstName: cut > 0 ? name.slice(0, cut) : name,
    lastName: cut > 0 ? name.slice(cut + 1) : "",
    email: citizen.email,
    ...(citizen.phone ? { phone: citizen.phone } : {}),
  };
}
