import { ApiError, adminApi, insightsApi } from './api.ts';
import { ConversationsPanel } from './conversations-panel.ts';
import { byId } from './dom.ts';
import { HarvestPanel } from './harvest-panel.ts';
import { FEEDBACK_COLUMNS, GAP_COLUMNS, ListPanel } from './list-panel.ts';
import { OutcomesPanel } from './outcomes-panel.ts';
import { RunMonitor } from './run-monitor.ts';
import { SourcesPanel } from './sources-panel.ts';

/**
 * The admin page: log in with the token (exchanged for an HttpOnly session cookie, never kept
 * by this script), then sources with live runs, recent feedback, the docs-gap list and the
 * training examples to review.
 */
const loginSection = byId('login');
const loginForm = byId<HTMLFormElement>('login-form');
const tokenInput = byId<HTMLInputElement>('token');
const appRoot = byId('app');
const logoutButton = byId<HTMLButtonElement>('logout');
const alertBox = byId('alert');
const runStatus = byId('run-status');
const panelBody = (id: string) => byId(id).querySelector<HTMLElement>('.body') ?? byId(id);

const showAlert = (text: string) => {
  alertBox.textContent = text;
};
const announce = (text: string) => {
  runStatus.textContent = text;
};

function report(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) {
    showLogin('Your session has ended. Log in again.');
    return;
  }
  showAlert(err instanceof Error ? err.message : String(err));
}

const sources = new SourcesPanel({
  root: panelBody('sources'),
  api: adminApi,
  onTriggered: (source) => monitor.expect(source),
  announce,
  report,
});
const feedback = new ListPanel({
  root: panelBody('feedback'),
  caption: 'Recent feedback',
  columns: FEEDBACK_COLUMNS,
  load: adminApi.feedback,
  empty: 'No feedback yet.',
  report,
});
const gaps = new ListPanel({
  root: panelBody('gaps'),
  caption: 'Docs gaps',
  columns: GAP_COLUMNS,
  load: adminApi.gaps,
  empty: 'No unanswered questions yet.',
  report,
});
const harvest = new HarvestPanel({ container: appRoot, api: adminApi, announce, report });
// The support team's views: outcomes first (the overview), then the conversations behind them.
const outcomes = new OutcomesPanel({ container: appRoot, api: insightsApi, report });
const conversations = new ConversationsPanel({
  container: appRoot,
  api: insightsApi,
  announce,
  report,
});
const monitor = new RunMonitor({
  load: adminApi.status,
  onStatus: (status) => sources.showStatus(status),
  onFinished: (names) => {
    sources
      .load()
      .then(() => announce(names.map((name) => sources.describeLastRun(name)).join(' ')))
      .catch(report);
  },
  onError: report,
});

/** Signed out (or never in): drop every piece of data from the page and ask for the token. */
function showLogin(message = ''): void {
  monitor.stop();
  for (const panel of [sources, feedback, gaps, harvest, outcomes, conversations]) panel.clear();
  announce('');
  appRoot.hidden = true;
  logoutButton.hidden = true;
  loginSection.hidden = false;
  showAlert(message);
  tokenInput.focus();
}

async function showApp(): Promise<void> {
  showAlert('');
  loginSection.hidden = true;
  appRoot.hidden = false;
  logoutButton.hidden = false;
  await Promise.all([
    sources.load(),
    feedback.load(),
    gaps.load(),
    harvest.load(),
    outcomes.load(),
    conversations.load(),
  ]);
  monitor.start();
}

loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = tokenInput.value;
  // Cleared at once: the token lives only in this request, the cookie is the session.
  tokenInput.value = '';
  adminApi
    .login(token)
    .then(showApp)
    .catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) {
        showLogin('That token is not valid.');
      } else if (err instanceof ApiError && err.status === 404) {
        showLogin('The admin API is off on this server.');
      } else report(err);
    });
});

logoutButton.addEventListener('click', () => {
  adminApi
    .logout()
    .then(() => showLogin('Logged out.'))
    .catch(report);
});

// An existing session cookie (HttpOnly, so unreadable here) is found by asking the API.
adminApi
  .status()
  .then(showApp)
  .catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 401) showLogin();
    else report(err);
  });
