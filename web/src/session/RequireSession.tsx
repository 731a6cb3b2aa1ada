/** Screens of a logged-in, enrolled customer; others go to the pre-login page or the terms. */
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { LoadingScreen } from '../components/LoadingScreen.tsx';
import { OfflineScreen } from './OfflineScreen.tsx';
import { remembered } from '../device/remembered.ts';
import { LiveEventsProvider } from '../live/LiveEvents.tsx';
import { useSession } from './SessionProvider.tsx';

export function RequireSession() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <LoadingScreen />;
  if (state.status === 'offline') return <OfflineScreen />;
  if (state.status === 'anonymous') {
    if (state.left) return <Navigate to="/" replace state={{ left: state.left }} />;
    // A customer this device knows was logged in before: say why the login page shows.
    const expired = state.expired || remembered.cif() !== undefined;
    return <Navigate to="/" replace state={{ expired, from: location.pathname }} />;
  }
  if (!state.profile.enrolled) return <Navigate to="/enroll" replace />;
  return (
    <LiveEventsProvider>
      <Outlet />
    </LiveEventsProvider>
  );
}
