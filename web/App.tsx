import { AdminRoute } from './admin/AdminRoute.tsx';
import { RemoteSupportPage } from './remote/RemoteSupportPage.tsx';
import { matchRoute, useLocation } from './router.ts';
import { HomePage } from './site/HomePage.tsx';
import { JoinPage } from './site/JoinPage.tsx';
import { NotFoundPage } from './site/NotFoundPage.tsx';
import { SupportSessionPage } from './site/SupportSessionPage.tsx';

export function App() {
  const { pathname, search, state } = useLocation();
  const route = matchRoute(pathname);
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'join':
      return <JoinPage />;
    case 'remote':
      return <RemoteSupportPage key={pathname} rawNumber={route.number} search={search} historyState={state} />;
    case 'support':
      return <SupportSessionPage key={pathname} initialNumber={route.number ?? ''} />;
    case 'admin':
      return <AdminRoute tab={route.tab} />;
    case 'not_found':
      return <NotFoundPage />;
  }
}
