import type { CalendarDay } from "./calendar.js";

/**
 * Every user-visible string, per UI language. The engine reads buttons, dates and banners, so
 * these follow LinkedIn's own wording (docs/linkedin-pages.md).
 */
export interface Texts {
  lang: string;
  home: string;
  myNetwork: string;
  messaging: string;
  me: string;
  searchPlaceholder: string;
  photoOf: (name: string) => string;
  startPost: string;
  birthdaysTitle: string;
  birthdaysToday: string;
  birthdaysRecent: string;
  birthdaysUpcoming: string;
  noBirthdays: string;
  showMore: string;
  /** The raw date text of a card (what the engine parses). */
  today: string;
  yesterday: string;
  daysAgo: (n: number) => string;
  monthDay: (day: CalendarDay) => string;
  /** Variant a wraps the date text in a sentence. */
  birthdayStatus: (dateText: string, kind: "today" | "yesterday" | "daysAgo" | "date") => string;
  celebrate: (firstName: string) => string;
  messageButton: string;
  messageAria: (name: string) => string;
  connectButton: string;
  connectAria: (name: string) => string;
  followButton: string;
  followAria: (name: string) => string;
  pending: string;
  following: string;
  promoted: string;
  tryPremium: string;
  writeMessage: string;
  send: string;
  close: string;
  closeConversation: (name: string) => string;
  messagingWith: (name: string) => string;
  minimize: string;
  you: string;
  weeklyLimit: string;
  restrictedTitle: string;
  restrictedBody: string;
  checkpointTitle: string;
  checkpointBody: string;
  signIn: string;
  emailOrPhone: string;
  password: string;
  stayUpdated: string;
  tooManyRequests: string;
  resultsCount: (n: number) => string;
  noResults: string;
  next: string;
  previous: string;
  page: (n: number) => string;
  viewProfile: (name: string) => string;
  about: string;
  experience: string;
  openToWork: string;
  openToWorkRoles: string;
  currentCompany: (company: string) => string;
  contactInfo: string;
  degree: (d: 1 | 2 | 3) => string;
  connectionsCount: string;
  pageNotFound: string;
  /** Variant c's date lines: "Celebrate Jane’s birthday today", "recent birthday on Sep 25". */
  celebrateToday: (firstName: string) => string;
  recentBirthday: (dateText: string) => string;
  /** Variant c: the suggested wish a card's compose link carries (`body=`). */
  suggestedWish: (belated: boolean) => string;
  /** Variant c: "Message Jane Doe: Wishing you a very happy birthday!" */
  composeAria: (name: string, suggestion: string) => string;
  /** Variant c: the pop-up's textarea label. */
  messageField: string;
  sendFailed: string;
  sharePrompt: (name: string) => string;
  sharePromptBody: string;
  notNow: string;
  share: string;
  /** The profile's overflow menu ("More actions" until 2026). */
  more: string;
}

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_FR = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

const en: Texts = {
  lang: "en",
  home: "Home",
  myNetwork: "My Network",
  messaging: "Messaging",
  me: "Me",
  searchPlaceholder: "Search",
  photoOf: (name) => `Photo of ${name}`,
  startPost: "Start a post",
  birthdaysTitle: "Birthdays",
  birthdaysToday: "Today",
  birthdaysRecent: "Recent",
  birthdaysUpcoming: "Upcoming",
  noBirthdays: "No birthdays to celebrate right now",
  showMore: "Show more results",
  today: "Today",
  yesterday: "Yesterday",
  daysAgo: (n) => `${n} days ago`,
  monthDay: ({ month, day }) => `${MONTHS_EN[month - 1]} ${day}`,
  birthdayStatus: (text, kind) => (kind === "date" ? `Birthday on ${text}` : `Birthday ${text.toLowerCase()}`),
  celebrate: (first) => `Celebrate ${first}’s birthday`,
  messageButton: "Message",
  messageAria: (name) => `Send message to ${name}`,
  connectButton: "Connect",
  connectAria: (name) => `Invite ${name} to connect`,
  followButton: "Follow",
  followAria: (name) => `Follow ${name}`,
  pending: "Pending",
  following: "Following",
  promoted: "Promoted",
  tryPremium: "Try Premium for free",
  writeMessage: "Write a message…",
  send: "Send",
  close: "Close",
  closeConversation: (name) => `Close your conversation with ${name}`,
  messagingWith: (name) => `Messaging with ${name}`,
  minimize: "Minimize your conversation",
  you: "You",
  weeklyLimit: "You've reached the weekly invitation limit. Try again next week.",
  restrictedTitle: "Your account has been temporarily restricted",
  restrictedBody: "We’ve noticed some unusual activity on your account. To continue, verify your identity.",
  checkpointTitle: "Let’s do a quick security check",
  checkpointBody: "We just need to verify that you’re a human.",
  signIn: "Sign in",
  emailOrPhone: "Email or phone",
  password: "Password",
  stayUpdated: "Stay updated on your professional world",
  tooManyRequests: "Too many requests. Please slow down.",
  resultsCount: (n) => `About ${n} result${n === 1 ? "" : "s"}`,
  noResults: "No results found",
  next: "Next",
  previous: "Previous",
  page: (n) => `Page ${n}`,
  viewProfile: (name) => `View ${name}’s profile`,
  about: "About",
  experience: "Experience",
  openToWork: "Open to work",
  openToWorkRoles: "Open to work · See all details",
  currentCompany: (company) => `Current company: ${company}. Click to skip to experience card`,
  contactInfo: "Contact info",
  degree: (d) => ["1st", "2nd", "3rd+"][d - 1] ?? "3rd+",
  connectionsCount: "500+ connections",
  pageNotFound: "This page doesn’t exist",
  celebrateToday: (first) => `Celebrate ${first}’s birthday today`,
  recentBirthday: (date) => `recent birthday on ${date}`,
  suggestedWish: (belated) =>
    belated ? "Wishing you a belated happy birthday!" : "Wishing you a very happy birthday!",
  composeAria: (name, suggestion) => `Message ${name}: ${suggestion}`,
  messageField: "Message",
  sendFailed: "Your message couldn’t be sent. Try again.",
  sharePrompt: (name) => `Share your profile details with ${name}?`,
  sharePromptBody: "They’ll see your email address and phone number.",
  notNow: "Not now",
  share: "Share",
  more: "More",
};

const fr: Texts = {
  lang: "fr",
  home: "Accueil",
  myNetwork: "Réseau",
  messaging: "Messagerie",
  me: "Vous",
  searchPlaceholder: "Recherche",
  photoOf: (name) => `Photo de ${name}`,
  startPost: "Commencer un post",
  birthdaysTitle: "Anniversaires",
  birthdaysToday: "Aujourd’hui",
  birthdaysRecent: "Récents",
  birthdaysUpcoming: "À venir",
  noBirthdays: "Aucun anniversaire à célébrer pour le moment",
  showMore: "Afficher plus de résultats",
  today: "Aujourd’hui",
  yesterday: "Hier",
  daysAgo: (n) => `Il y a ${n} jours`,
  monthDay: ({ month, day }) => `${day} ${MONTHS_FR[month - 1]}`,
  birthdayStatus: (text, kind) => (kind === "date" ? `Anniversaire le ${text}` : `Anniversaire ${text.toLowerCase()}`),
  celebrate: (first) => `Célébrez l’anniversaire de ${first}`,
  messageButton: "Message",
  messageAria: (name) => `Envoyer un message à ${name}`,
  connectButton: "Se connecter",
  connectAria: (name) => `Inviter ${name} à rejoindre votre réseau`,
  followButton: "Suivre",
  followAria: (name) => `Suivre ${name}`,
  pending: "En attente",
  following: "Abonné",
  promoted: "Sponsorisé",
  tryPremium: "Essayez Premium gratuitement",
  writeMessage: "Écrivez un message…",
  send: "Envoyer",
  close: "Fermer",
  closeConversation: (name) => `Fermer votre conversation avec ${name}`,
  messagingWith: (name) => `Conversation avec ${name}`,
  minimize: "Réduire votre conversation",
  you: "Vous",
  weeklyLimit: "Vous avez atteint la limite hebdomadaire d’invitations. Réessayez la semaine prochaine.",
  restrictedTitle: "L’accès à votre compte a été temporairement limité",
  restrictedBody:
    "Nous avons remarqué une activité inhabituelle sur votre compte. Pour continuer, vérifiez votre identité.",
  checkpointTitle: "Effectuons une petite vérification de sécurité",
  checkpointBody: "Nous devons simplement vérifier que vous êtes une personne réelle.",
  signIn: "S’identifier",
  emailOrPhone: "E-mail ou téléphone",
  password: "Mot de passe",
  stayUpdated: "Restez informé de votre univers professionnel",
  tooManyRequests: "Trop de requêtes. Veuillez ralentir.",
  resultsCount: (n) => `Environ ${n} résultat${n === 1 ? "" : "s"}`,
  noResults: "Aucun résultat trouvé",
  next: "Suivant",
  previous: "Précédent",
  page: (n) => `Page ${n}`,
  viewProfile: (name) => `Voir le profil de ${name}`,
  about: "Infos",
  experience: "Expérience",
  openToWork: "En recherche",
  openToWorkRoles: "En recherche active · Voir tous les détails",
  currentCompany: (company) => `Entreprise actuelle : ${company}. Cliquez pour accéder à la section Expérience`,
  contactInfo: "Coordonnées",
  degree: (d) => ["1er", "2e", "3e et +"][d - 1] ?? "3e et +",
  connectionsCount: "+ de 500 relations",
  pageNotFound: "Cette page n’existe pas",
  celebrateToday: (first) => `Célébrez l’anniversaire de ${first} aujourd’hui`,
  recentBirthday: (date) => `anniversaire récent le ${date}`,
  suggestedWish: (belated) =>
    belated ? "Joyeux anniversaire avec un peu de retard !" : "Je vous souhaite un très joyeux anniversaire !",
  composeAria: (name, suggestion) => `Envoyer un message à ${name} : ${suggestion}`,
  messageField: "Message",
  sendFailed: "Votre message n’a pas pu être envoyé. Réessayez.",
  sharePrompt: (name) => `Partager les informations de votre profil avec ${name} ?`,
  sharePromptBody: "Cette personne verra votre adresse e-mail et votre numéro de téléphone.",
  notNow: "Plus tard",
  share: "Partager",
  more: "Plus",
};

export function textsFor(locale: "en" | "fr"): Texts {
  return locale === "fr" ? fr : en;
}
