// The shell: sign-in until there is a session, then a header with the navigation and the routed page.
import { signOut, useSession, type Session } from './api';
import { AccountPage } from './pages/account';
import { AccountsPage } from './pages/accounts';
import { AuditPage } from './pages/audit';
import { LogDetailPage } from './pages/log-detail';
import { LogsPage } from './pages/logs';
import { isOrganizationAdmin, OrganizationPage } from './pages/organization';
import { RolesAndGroupsPage } from './pages/roles-groups';
import { SignInPage } from './pages/sign-in';
import { AccountUsagePage, UsagePage } from './pages/usage';
import { Link, navigate, useLocation, type Location } from './router';
import { PageTitle } from './ui';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function route(loc: Location) {
  const parts = loc.path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) {
    navigate('/accounts', { replace: true });
    return null;
  }
  if (parts[0] === 'accounts' && parts.length === 1) return { section: 'accounts', page: <AccountsPage loc={loc} /> };
  if (parts[0] === 'accounts' && UUID.test(parts[1] ?? '')) {
    const id = parts[1].toLowerCase();
    if (parts.length === 2) return { section: 'accounts', page: <AccountPage key={id} id={id} /> };
    if (parts.length === 3 && parts[2] === 'logs') return { section: 'accounts', page: <LogsPage key={id} id={id} loc={loc} /> };
    if (parts.length === 3 && parts[2] === 'usage') return { section: 'accounts', page: <AccountUsagePage key={id} id={id} /> };
    if (parts.length === 4 && parts[2] === 'logs' && UUID.test(parts[3])) {
      return { section: 'accounts', page: <LogDetailPage key={parts[3]} id={id} logId={parts[3].toLowerCase()} /> };
    }
  }
  if (parts[0] === 'access' && parts.length === 1) return { section: 'access', page: <RolesAndGroupsPage /> };
  if (parts[0] === 'audit' && parts.length === 1) return { section: 'audit', page: <AuditPage loc={loc} /> };
  if (parts[0] === 'usage' && parts.length === 1) return { section: 'usage', page: <UsagePage /> };
  if (parts[0] === 'organization' && parts.length === 1) return { section: 'organization', page: <OrganizationPage /> };
  return {
    section: '',
    page: (
      <section>
        <PageTitle title="Not found">Page not found</PageTitle>
        <p>
          <Link href="/accounts">Go to the service accounts</Link>
        </p>
      </section>
    ),
  };
}

function Who({ s }: { s: Session }) {
  const what = s.kind === 'key' ? 'a key secret' : 'an access token';
  return (
    <p class="who">
      <span class="visually-hidden">Signed in with {what} </span>
      <span>{s.accountName ?? (s.clientId ? `Client ${s.clientId.slice(0, 8)}…` : 'Key secret')}</span>
      {s.scopes && <span class="muted small"> · {s.scopes.length ? s.scopes.join(' ') : 'no scopes'}</span>}
    </p>
  );
}

export function App() {
  const { session, notice } = useSession();
  const loc = useLocation();
  if (!session) return <SignInPage notice={notice} />;
  const r = route(loc);
  if (!r) return null;
  const nav: [string, string, string][] = [
    ['accounts', '/accounts', 'Service accounts'],
    ['access', '/access', 'Roles and groups'],
    ['audit', '/audit', 'Audit events'],
    ['usage', '/usage', 'Dialect usage'],
    // The credential policy and webhooks: only an Admin or a UserAdmin may read them.
    ...(isOrganizationAdmin() ? ([['organization', '/organization', 'Organization']] as [string, string, string][]) : []),
  ];
  return (
    <>
      <a class="skip" href="#main">
        Skip to the content
      </a>
      <header class="top">
        <Link href="/accounts" class="brand">
          iamgate
        </Link>
        <nav aria-label="Main">
          <ul>
            {nav.map(([section, href, text]) => (
              <li key={section}>
                <Link href={href} aria-current={r.section === section ? 'page' : undefined}>
                  {text}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="session">
          <Who s={session} />
          <button type="button" class="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">{r.page}</main>
    </>
  );
}
