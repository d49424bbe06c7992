import { useEffect } from 'react';
import type { SignedInAdmin } from './auth/verify-admin-token';
import { EmailLogPage } from './pages/email-log/email-log-page';
import { EmailServerPage } from './pages/email-server/email-server-page';
import { SettingsAuditPage } from './pages/settings-audit-page';
import { SyncAndArchivePage } from './pages/sync-and-archive-page';
import { UsersPage } from './pages/users/users-page';
import { Link, navigate, useRoute } from './router';

const SECTIONS = [
  { path: '/email-server', label: 'Email Server' },
  { path: '/email-log', label: 'Email log' },
  { path: '/sync', label: 'Sync and archive' },
  { path: '/users', label: 'Users and tokens' },
  { path: '/audit', label: 'Settings audit' },
] as const;

export function Shell({ admin, onSignOut }: { admin: SignedInAdmin; onSignOut: () => void }) {
  const route = useRoute();
  const section = SECTIONS.find((candidate) => route.startsWith(candidate.path));
  useEffect(() => {
    if (!section) navigate('/email-server');
  }, [section]);
  useEffect(() => {
    document.title = `${section?.label ?? 'Admin'} · Replyline admin`;
  }, [section]);

  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">
          Replyline <span className="muted">admin console</span>
        </span>
        <nav aria-label="Main">
          <ul>
            {SECTIONS.map((candidate) => (
              <li key={candidate.path}>
                <Link to={candidate.path} aria-current={candidate === section ? 'page' : undefined}>
                  {candidate.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span>
            Signed in as <strong>{admin.username}</strong>
          </span>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        {section?.path === '/email-server' && <EmailServerPage />}
        {section?.path === '/email-log' && (
          <EmailLogPage route={route.slice('/email-log'.length)} />
        )}
        {section?.path === '/sync' && <SyncAndArchivePage />}
        {section?.path === '/users' && <UsersPage currentAdminId={admin.id} />}
        {section?.path === '/audit' && <SettingsAuditPage />}
      </main>
    </>
  );
}
