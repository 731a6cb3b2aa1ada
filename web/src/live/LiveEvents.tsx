/**
 * The live stream of the logged-in customer (GET /api/events, Server-Sent Events): a payment
 * received or a request paid updates the open lists without a reload and is announced in a
 * visible aria-live notice. EventSource reconnects by itself, sending Last-Event-ID.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  PaymentReceivedEvent,
  RefundReceivedEvent,
  RefundRequestAnsweredEvent,
  RefundRequestedEvent,
  RequestPaidEvent,
} from '../api/types.ts';
import { displayAmount } from '../money/amount.ts';
import { useNotify } from './Notices.tsx';

export type LiveEvent =
  | { readonly type: 'payment.received'; readonly data: PaymentReceivedEvent }
  | { readonly type: 'request.paid'; readonly data: RequestPaidEvent }
  | { readonly type: 'refund.received'; readonly data: RefundReceivedEvent }
  | { readonly type: 'refund.requested'; readonly data: RefundRequestedEvent }
  | { readonly type: 'refund.request.answered'; readonly data: RefundRequestAnsweredEvent };

interface LiveState {
  /** Bumps on every event: lists that show payments or requests reload when it changes. */
  readonly version: number;
  readonly last: LiveEvent | undefined;
}

const LiveContext = createContext<LiveState>({ version: 0, last: undefined });

export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const [state, setState] = useState<LiveState>({ version: 0, last: undefined });

  // The latest translator, read by the stream's handlers: a language switch must not reconnect.
  const translation = useRef({ t, language: i18n.language });
  useEffect(() => {
    translation.current = { t, language: i18n.language };
  });

  useEffect(() => {
    const source = new EventSource('/api/events');
    // One notice per payment: a paid request sends both events.
    const announced = new Set<string>();
    const announce = (
      paymentId: string,
      data: { amount: string; currency: string; payerName: string },
    ) => {
      if (announced.has(paymentId)) return;
      announced.add(paymentId);
      const { t: translate, language } = translation.current;
      const amount = `${displayAmount(data.amount, language)} ${data.currency}`;
      notify(translate('live.paymentReceived', { amount, name: data.payerName }), 'success');
    };
    const received = (message: MessageEvent<string>) => {
      const data = JSON.parse(message.data) as PaymentReceivedEvent;
      setState((current) => ({
        version: current.version + 1,
        last: { type: 'payment.received', data },
      }));
      announce(data.paymentId, data);
    };
    const paid = (message: MessageEvent<string>) => {
      const data = JSON.parse(message.data) as RequestPaidEvent;
      setState((current) => ({
        version: current.version + 1,
        last: { type: 'request.paid', data },
      }));
      announce(data.paymentId, data);
    };
    source.addEventListener('payment.received', received);
    source.addEventListener('request.paid', paid);
    // Refunds: the lists and the payment's refund panel reload; each is announced once.
    const refundEvent =
      <T extends 'refund.received' | 'refund.requested' | 'refund.request.answered'>(type: T) =>
      (message: MessageEvent<string>) => {
        const data = JSON.parse(message.data) as Extract<LiveEvent, { type: T }>['data'];
        setState((current) => ({
          version: current.version + 1,
          last: { type, data } as LiveEvent,
        }));
        const id = message.lastEventId || JSON.stringify(data);
        if (announced.has(id)) return;
        announced.add(id);
        const { t: translate, language } = translation.current;
        const amount = `${displayAmount(data.amount, language)} ${data.currency}`;
        if (type === 'refund.received') {
          const name = (data as RefundReceivedEvent).payeeName;
          notify(translate('live.refundReceived', { amount, name }), 'success');
        } else if (type === 'refund.requested') {
          const name = (data as RefundRequestedEvent).payerName;
          notify(translate('live.refundRequested', { amount, name }), 'info');
        } else {
          const answered = data as RefundRequestAnsweredEvent;
          notify(
            translate(`live.refundRequest.${answered.status}`, {
              amount,
              name: answered.payeeName,
            }),
            'info',
          );
        }
      };
    source.addEventListener('refund.received', refundEvent('refund.received'));
    source.addEventListener('refund.requested', refundEvent('refund.requested'));
    source.addEventListener('refund.request.answered', refundEvent('refund.request.answered'));
    return () => source.close();
  }, [notify]);

  const value = useMemo(() => state, [state]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLiveEvents(): LiveState {
  return useContext(LiveContext);
}
