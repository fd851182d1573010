// Appointment services of the demo towns: sites, services with realistic rules, opening hours in each
// town's zone, a closure, and a few bookings.
import type { TServiceInput, TSiteInput } from "@/lib/appointments/service/configure";
import type { TWeekly } from "@/lib/appointments/slots";

type TDemoService = Omit<TServiceInput, "siteIds"> & {
  /** Indexes into the town's sites */
  sites: number[];
  weekly: TWeekly;
  slotMinutes: number;
  capacity: number;
};

export type TDemoAppointments = { sites: TSiteInput[]; services: TDemoService[] };

const WEEKDAYS_OFFICE: TWeekly = {
  "1": [["08:30", "12:00"], ["13:30", "17:00"]],
  "2": [["08:30", "12:00"], ["13:30", "17:00"]],
  "3": [["08:30", "12:00"], ["13:30", "17:00"]],
  "4": [["08:30", "12:00"], ["13:30", "19:00"]],
  "5": [["08:30", "12:00"], ["13:30", "16:00"]],
  "6": [["09:00", "12:00"]],
};

const AFTERNOONS: TWeekly = { "2": [["14:00", "17:00"]], "4": [["14:00", "17:00"]] };

export const DEMO_APPOINTMENTS: Record<string, TDemoAppointments> = {
  lutece: {
    sites: [
      {
        names: { fr: "Hôtel de ville", en: "Town hall", es: "Ayuntamiento", ar: "دار البلدية" },
        address: { fr: "1 place de l'Hôtel de Ville, 75004 Lutèce", en: "1 place de l'Hôtel de Ville, 75004 Lutèce", es: "1 place de l'Hôtel de Ville, 75004 Lutèce", ar: "1 place de l'Hôtel de Ville، 75004 Lutèce" },
        latitude: 48.8566,
        longitude: 2.3522,
        access: { fr: "Métro Hôtel de Ville (lignes 1 et 11). Entrée par la porte B.", en: "Metro Hôtel de Ville (lines 1 and 11). Entrance through door B.", es: "Metro Hôtel de Ville (líneas 1 y 11). Entrada por la puerta B.", ar: "مترو Hôtel de Ville (الخطان 1 و11). الدخول من الباب B." },
        accessibility: { fr: "Accès de plain-pied, boucle magnétique à l'accueil.", en: "Step-free access, hearing loop at the reception desk.", es: "Acceso sin escalones, bucle magnético en la recepción.", ar: "مدخل بدون درج، حلقة سمعية في مكتب الاستقبال." },
        phone: "+33 1 23 45 67 89",
      },
      {
        names: { fr: "Mairie annexe du Nord", en: "North district office", es: "Oficina municipal del Norte", ar: "الملحقة البلدية الشمالية" },
        address: { fr: "12 rue des Lilas, 75019 Lutèce", en: "12 rue des Lilas, 75019 Lutèce", es: "12 rue des Lilas, 75019 Lutèce", ar: "12 rue des Lilas، 75019 Lutèce" },
        latitude: 48.8841,
        longitude: 2.3822,
        access: { fr: "Bus 48, arrêt Lilas.", en: "Bus 48, Lilas stop.", es: "Autobús 48, parada Lilas.", ar: "الحافلة 48، محطة Lilas." },
        accessibility: { fr: "Ascenseur au fond du hall.", en: "Lift at the back of the hall.", es: "Ascensor al fondo del vestíbulo.", ar: "مصعد في آخر القاعة." },
        phone: "+33 1 23 45 67 90",
      },
    ],
    services: [
      {
        names: { fr: "Passeport et carte d'identité", en: "Passport and identity card", es: "Pasaporte y documento de identidad", ar: "جواز السفر وبطاقة الهوية" },
        descriptions: {
          fr: "Déposer une demande de passeport ou de carte nationale d'identité, ou retirer le titre prêt.",
          en: "Apply for a passport or national identity card, or collect a document that is ready.",
          es: "Solicitar un pasaporte o documento nacional de identidad, o recoger uno ya listo.",
          ar: "تقديم طلب جواز سفر أو بطاقة هوية وطنية، أو استلام وثيقة جاهزة.",
        },
        whatToBring: {
          fr: "Votre numéro de pré-demande ANTS, une photo d'identité de moins de 6 mois, un justificatif de domicile, l'ancien titre.",
          en: "Your ANTS pre-application number, an identity photo less than 6 months old, proof of address, your old document.",
          es: "Su número de solicitud previa ANTS, una foto de menos de 6 meses, un justificante de domicilio, el documento anterior.",
          ar: "رقم الطلب المسبق ANTS، صورة هوية عمرها أقل من 6 أشهر، إثبات السكن، الوثيقة القديمة.",
        },
        confirmationTexts: {
          fr: "Chaque personne doit être présente. Arrivez 5 minutes en avance.",
          en: "Each person must come in person. Please arrive 5 minutes early.",
          es: "Cada persona debe venir en persona. Llegue 5 minutos antes.",
          ar: "يجب حضور كل شخص بنفسه. يرجى الحضور قبل 5 دقائق.",
        },
        durationMinutes: 20,
        slotMinutes: 20,
        capacity: 3,
        maxPeople: 4,
        antsField: "required",
        phoneField: "optional",
        minNoticeHours: 2,
        horizonWeeks: 6,
        maxActivePerCitizen: 1,
        limitPeriodDays: 60,
        sites: [0, 1],
        weekly: WEEKDAYS_OFFICE,
      },
      {
        names: { fr: "Dossier de mariage civil", en: "Civil marriage file", es: "Expediente de matrimonio civil", ar: "ملف الزواج المدني" },
        descriptions: {
          fr: "Déposer le dossier de mariage avec les deux futurs époux.",
          en: "Hand in the marriage file, with both future spouses.",
          es: "Entregar el expediente de matrimonio con los dos futuros cónyuges.",
          ar: "إيداع ملف الزواج بحضور الزوجين المستقبليين.",
        },
        whatToBring: {
          fr: "Pièces d'identité des deux époux et des témoins, actes de naissance de moins de 3 mois, justificatifs de domicile.",
          en: "Identity documents of both spouses and the witnesses, birth certificates less than 3 months old, proofs of address.",
          es: "Documentos de identidad de los cónyuges y testigos, actas de nacimiento de menos de 3 meses, justificantes de domicilio.",
          ar: "وثائق هوية الزوجين والشهود، شهادات ميلاد عمرها أقل من 3 أشهر، إثباتات السكن.",
        },
        durationMinutes: 45,
        slotMinutes: 45,
        capacity: 1,
        phoneField: "required",
        minNoticeHours: 48,
        horizonWeeks: 12,
        maxActivePerCitizen: 1,
        limitPeriodDays: 90,
        customFields: [
          { id: "wedding-date", type: "date", required: true, labels: { fr: "Date de mariage souhaitée", en: "Planned wedding date", es: "Fecha de boda prevista", ar: "تاريخ الزواج المرغوب" } },
          { id: "witnesses", type: "number", required: true, labels: { fr: "Nombre de témoins", en: "Number of witnesses", es: "Número de testigos", ar: "عدد الشهود" } },
          {
            id: "ceremony-language",
            type: "choice",
            required: false,
            labels: { fr: "Langue de la cérémonie", en: "Language of the ceremony", es: "Idioma de la ceremonia", ar: "لغة المراسم" },
            options: [
              { value: "fr", labels: { fr: "Français", en: "French", es: "Francés", ar: "الفرنسية" } },
              { value: "bilingual", labels: { fr: "Bilingue avec interprète", en: "Bilingual with an interpreter", es: "Bilingüe con intérprete", ar: "ثنائية اللغة مع مترجم" } },
            ],
          },
          { id: "consent", type: "checkbox", required: true, labels: { fr: "Les deux époux seront présents", en: "Both spouses will be present", es: "Los dos cónyuges estarán presentes", ar: "سيحضر الزوجان كلاهما" } },
        ],
        sites: [0],
        weekly: AFTERNOONS,
      },
    ],
  },
  "port-soleil": {
    sites: [
      {
        names: { fr: "Hôtel de ville de Port-Soleil", en: "Port-Soleil town hall" },
        address: { fr: "2 rue du Barachois, 97400 Port-Soleil", en: "2 rue du Barachois, 97400 Port-Soleil" },
        latitude: -20.8789,
        longitude: 55.4481,
        accessibility: { fr: "Rampe d'accès côté parking.", en: "Access ramp on the car park side." },
        phone: "+262 262 00 00 00",
      },
    ],
    services: [
      {
        names: { fr: "Carte d'identité et passeport", en: "Identity card and passport" },
        descriptions: { fr: "Demande ou retrait d'un titre d'identité.", en: "Apply for or collect an identity document." },
        whatToBring: { fr: "Numéro de pré-demande ANTS, photo, justificatif de domicile.", en: "ANTS pre-application number, photo, proof of address." },
        durationMinutes: 20,
        slotMinutes: 20,
        capacity: 2,
        maxPeople: 3,
        antsField: "optional",
        minNoticeHours: 1,
        horizonWeeks: 4,
        sites: [0],
        weekly: { "1": [["07:30", "12:00"]], "2": [["07:30", "12:00"]], "3": [["07:30", "12:00"], ["13:00", "15:30"]], "4": [["07:30", "12:00"]], "5": [["07:30", "11:30"]] },
      },
      {
        names: { fr: "Recensement citoyen", en: "Citizen census (age 16)" },
        descriptions: { fr: "Se faire recenser à 16 ans.", en: "Register for the census at age 16." },
        whatToBring: { fr: "Pièce d'identité, livret de famille.", en: "Identity document, family record book." },
        durationMinutes: 15,
        slotMinutes: 15,
        capacity: 1,
        minNoticeHours: 1,
        horizonWeeks: 4,
        sites: [0],
        weekly: { "3": [["13:00", "16:00"]], "6": [["08:00", "11:00"]] },
      },
    ],
  },
  kovarhely: {
    sites: [
      {
        names: { hu: "Városháza, ügyfélszolgálat", en: "Town hall, customer service", de: "Rathaus, Bürgerservice" },
        address: { hu: "Fő tér 1., 8000 Kovárhely", en: "Fő tér 1, 8000 Kovárhely, Hungary", de: "Fő tér 1, 8000 Kovárhely, Ungarn" },
        latitude: 47.19,
        longitude: 18.41,
        accessibility: { hu: "Akadálymentes bejárat a Rákóczi utca felől.", en: "Step-free entrance from Rákóczi street.", de: "Barrierefreier Eingang von der Rákóczi-Straße." },
        phone: "+36 22 000 000",
      },
    ],
    services: [
      {
        names: { hu: "Személyi igazolvány és útlevél", en: "Identity card and passport", de: "Personalausweis und Reisepass" },
        descriptions: { hu: "Okmányok igénylése és átvétele.", en: "Apply for and collect identity documents.", de: "Ausweisdokumente beantragen und abholen." },
        whatToBring: { hu: "Régi okmány, lakcímkártya.", en: "Your old document, address card.", de: "Altes Dokument, Adresskarte." },
        durationMinutes: 20,
        slotMinutes: 20,
        capacity: 3,
        maxPeople: 4,
        minNoticeHours: 4,
        horizonWeeks: 6,
        sites: [0],
        weekly: { "1": [["08:00", "12:00"], ["13:00", "18:00"]], "2": [["08:00", "12:00"]], "3": [["08:00", "12:00"], ["13:00", "16:00"]], "4": [["08:00", "12:00"]], "5": [["08:00", "11:00"]] },
      },
      {
        names: { hu: "Anyakönyvi ügyek (házasságkötés)", en: "Civil registry (marriage)", de: "Standesamt (Eheschließung)" },
        descriptions: { hu: "Házasságkötési szándék bejelentése.", en: "Give notice of an intended marriage.", de: "Anmeldung einer Eheschließung." },
        whatToBring: { hu: "Mindkét fél személyes okmányai.", en: "Identity documents of both partners.", de: "Ausweisdokumente beider Partner." },
        durationMinutes: 45,
        slotMinutes: 45,
        capacity: 1,
        minNoticeHours: 24,
        horizonWeeks: 10,
        phoneField: "required",
        sites: [0],
        weekly: { "2": [["13:00", "16:00"]], "4": [["13:00", "16:00"]] },
      },
    ],
  },
};

/** A few citizens who booked in each demo town (e-mail domain example.net: nobody receives them). */
export const DEMO_CITIZENS = [
  { firstName: "Amina", lastName: "Benali", email: "amina.benali@example.net" },
  { firstName: "Lucas", lastName: "Martin", email: "lucas.martin@example.net" },
  { firstName: "Réka", lastName: "Kovács", email: "reka.kovacs@example.net" },
];
