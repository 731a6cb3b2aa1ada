/** The routes of the app: the pre-login pages, then the screens of a logged-in customer. */
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { HeldPaymentScreen } from './assurance/HeldPaymentScreen.tsx';
import { NoticeProvider } from './live/Notices.tsx';
import { ConfirmPaymentScreen } from './screens/ConfirmPaymentScreen.tsx';
import { CreateQrAccountScreen } from './screens/CreateQrAccountScreen.tsx';
import { HomeScreen } from './screens/HomeScreen.tsx';
import { LoginScreen } from './screens/LoginScreen.tsx';
import { NewRequestScreen } from './screens/NewRequestScreen.tsx';
import { OtpScreen } from './screens/OtpScreen.tsx';
import { PaymentDoneScreen } from './screens/PaymentDoneScreen.tsx';
import { PaymentsScreen } from './screens/PaymentsScreen.tsx';
import { ProfileScreen } from './screens/ProfileScreen.tsx';
import { QrAccountScreen } from './screens/QrAccountScreen.tsx';
import { ReceiptScreen } from './screens/ReceiptScreen.tsx';
import { ExportScreen } from './receipts/ExportScreen.tsx';
import { ExplainCodeScreen } from './scan/ExplainCodeScreen.tsx';
import { PasteCodeScreen } from './scan/PasteCodeScreen.tsx';
import { RefundScreen } from './refunds/RefundScreen.tsx';
import { RequestScreen } from './screens/RequestScreen.tsx';
import { RequestsScreen } from './screens/RequestsScreen.tsx';
import { ScanScreen } from './screens/ScanScreen.tsx';
import { TermsScreen } from './screens/TermsScreen.tsx';
import { TrustDeviceScreen } from './screens/TrustDeviceScreen.tsx';
import { WelcomeScreen } from './screens/WelcomeScreen.tsx';
import { RequireSession } from './session/RequireSession.tsx';
import { SessionProvider } from './session/SessionProvider.tsx';

export function App() {
  return (
    <BrowserRouter>
      <NoticeProvider>
        <SessionProvider>
          <Routes>
            <Route path="/" element={<WelcomeScreen />} />
            <Route path="/enroll" element={<TermsScreen />} />
            <Route path="/login" element={<LoginScreen />} />
            <Route path="/login/otp" element={<OtpScreen />} />
            <Route element={<RequireSession />}>
              <Route path="/trust-device" element={<TrustDeviceScreen />} />
              <Route path="/home" element={<HomeScreen />} />
              <Route path="/accounts/new" element={<CreateQrAccountScreen />} />
              <Route path="/accounts/:id" element={<QrAccountScreen />} />
              <Route path="/requests" element={<RequestsScreen />} />
              <Route path="/requests/new" element={<NewRequestScreen />} />
              <Route path="/requests/:id" element={<RequestScreen />} />
              <Route
                path="/incoming"
                element={<PaymentsScreen key="incoming" direction="incoming" />}
              />
              <Route
                path="/outgoing"
                element={<PaymentsScreen key="outgoing" direction="outgoing" />}
              />
              <Route path="/payments/export" element={<ExportScreen />} />
              <Route path="/payments/:id" element={<ReceiptScreen />} />
              <Route path="/payments/:id/refund" element={<RefundScreen />} />
              <Route path="/pay" element={<ScanScreen />} />
              <Route path="/pay/confirm" element={<ConfirmPaymentScreen />} />
              <Route path="/pay/explain" element={<ExplainCodeScreen />} />
              <Route path="/pay/paste" element={<PasteCodeScreen />} />
              <Route path="/pay/done/:id" element={<PaymentDoneScreen />} />
              <Route path="/pay/held/:id" element={<HeldPaymentScreen />} />
              <Route path="/profile" element={<ProfileScreen />} />
            </Route>
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </SessionProvider>
      </NoticeProvider>
    </BrowserRouter>
  );
}
