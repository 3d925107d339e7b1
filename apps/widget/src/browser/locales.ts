import type { Strings } from './strings.ts';

/**
 * Built-in string sets, chosen with `lang="fr"` or `lang="de"` on the element (English is the
 * default; `fr-CA` picks `fr`). Typed as complete `Strings`, so a key added in English without a translation here
 * does not compile. A page's `strings` attribute still overrides single keys on top.
 */
const LOCALES: Record<'fr' | 'de', Strings> = {
  fr: {
    title: 'Assistance',
    greeting: 'Bonjour ! Posez-moi vos questions sur nos produits.',
    openChat: 'Ouvrir le chat',
    closeChat: 'Fermer le chat',
    conversation: 'Conversation',
    inputLabel: 'Votre message',
    placeholder: 'Posez une question…',
    send: 'Envoyer',
    you: 'Vous',
    assistant: 'Assistant',
    typing: 'Rédaction…',
    sources: 'Sources',
    source: 'Source {n} : {title}',
    helpful: 'Utile',
    notHelpful: 'Pas utile',
    reasonLabel: 'Qu’est-ce qui n’allait pas ? (facultatif)',
    sendFeedback: 'Envoyer l’avis',
    feedbackThanks: 'Merci pour votre avis.',
    talkToHuman: 'Parler à une personne',
    disclosure: 'Assistant IA : les réponses peuvent contenir des erreurs.',
    suggested: 'Questions suggérées',
    solved: 'Cela a-t-il résolu votre problème ?',
    handoffDelivered:
      'Nous avons transmis cette conversation à notre équipe. Une personne vous répondra bientôt.',
    handoffFallback:
      'Notre équipe est injoignable d’ici pour le moment. Contactez-nous : {contact}.',
    waitingForPerson: 'En attente d’une personne de notre équipe…',
    withPerson: 'Vous discutez avec {name} de notre équipe.',
    withTeam: 'Vous discutez avec notre équipe.',
    agentJoined: '{name} de notre équipe a rejoint la conversation.',
    someone: 'Une personne',
    team: 'Équipe d’assistance',
    backToBot: 'Revenir à l’assistant',
    errorNetwork: 'Impossible de joindre l’assistance. Veuillez réessayer.',
    errorTooLong: 'Ce message est trop long. Veuillez le raccourcir.',
    errorRateLimited: 'Trop de messages. Attendez {seconds} secondes et réessayez.',
    errorGeneric: 'Une erreur s’est produite. Veuillez réessayer.',
  },
  de: {
    title: 'Support',
    greeting: 'Hallo! Fragen Sie mich alles zu unseren Produkten.',
    openChat: 'Chat öffnen',
    closeChat: 'Chat schließen',
    conversation: 'Unterhaltung',
    inputLabel: 'Ihre Nachricht',
    placeholder: 'Stellen Sie eine Frage…',
    send: 'Senden',
    you: 'Sie',
    assistant: 'Assistent',
    typing: 'Schreibt…',
    sources: 'Quellen',
    source: 'Quelle {n}: {title}',
    helpful: 'Hilfreich',
    notHelpful: 'Nicht hilfreich',
    reasonLabel: 'Was war falsch? (optional)',
    sendFeedback: 'Feedback senden',
    feedbackThanks: 'Danke für Ihr Feedback.',
    talkToHuman: 'Mit einem Menschen sprechen',
    disclosure: 'KI-Assistent: Antworten können Fehler enthalten.',
    suggested: 'Vorgeschlagene Fragen',
    solved: 'Hat das Ihr Problem gelöst?',
    handoffDelivered:
      'Wir haben diese Unterhaltung an unser Team übergeben. Eine Person antwortet Ihnen bald.',
    handoffFallback: 'Unser Team ist von hier aus gerade nicht erreichbar. Kontakt: {contact}.',
    waitingForPerson: 'Warten auf eine Person aus unserem Team…',
    withPerson: 'Sie chatten mit {name} aus unserem Team.',
    withTeam: 'Sie chatten mit unserem Team.',
    agentJoined: '{name} aus unserem Team ist der Unterhaltung beigetreten.',
    someone: 'Eine Person',
    team: 'Support-Team',
    backToBot: 'Zurück zum Assistenten',
    errorNetwork: 'Der Support ist nicht erreichbar. Bitte versuchen Sie es erneut.',
    errorTooLong: 'Diese Nachricht ist zu lang. Bitte kürzen Sie sie.',
    errorRateLimited: 'Zu viele Nachrichten. Bitte warten Sie {seconds} Sekunden.',
    errorGeneric: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  },
};

/** The built-in strings for a `lang` attribute, if there are any (own keys only: see issue 9). */
export function localeStrings(lang: string | null): Strings | undefined {
  const primary = lang?.toLowerCase().split('-')[0] ?? '';
  return Object.hasOwn(LOCALES, primary) ? LOCALES[primary as keyof typeof LOCALES] : undefined;
}
