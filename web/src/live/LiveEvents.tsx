/**
 * The live stream of the logged-in customer (GET /api/events, Server-Sent Events): a payment
 * received or a request paid updates the open lists without a reload and is announced in a
 * visible aria-live notice. EventSource reconnects by itself, sending Last-Event-ID.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  HoldDecidedEvent,
  LiveEventData,
  LiveEventType,
  PaymentReceivedEvent,
  RefundReceivedEvent,
  RefundRequestAnsweredEvent,
  RefundRequestedEvent,
  RequestPaidEvent,
  SplitProgressEvent,
} from '../api/types.ts';
import { displayAmount } from '../money/amount.ts';
import { useNotify } from './Notices.tsx';

/** An event as the stream delivers it: its type, and the server's payload for that type. */
export type LiveEvent = {
  [T in LiveEventType]: { readonly type: T; readonly data: LiveEventData<T> };
}[LiveEventType];

interface LiveState {
  /** Bumps on every event: lists that show payments or requests reload when it changes. */
  readonly version: number;
  readonly last: LiveEvent | undefined;
  /** The latest progress heard per split-bill request ("3 nga 5 paguar"), by request id. */
  readonly splits: Readonly<Record<string, SplitProgressEvent>>;
}

const LiveContext = createContext<LiveState>({ version: 0, last: undefined, splits: {} });

export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const [state, setState] = useState<LiveState>({ version: 0, last: undefined, splits: {} });

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
        ...current,
        version: current.version + 1,
        last: { type: 'payment.received', data },
      }));
      announce(data.paymentId, data);
    };
    const paid = (message: MessageEvent<string>) => {
      const data = JSON.parse(message.data) as RequestPaidEvent;
      setState((current) => ({
        ...current,
        version: current.version + 1,
        last: { type: 'request.paid', data },
      }));
      announce(data.paymentId, data);
    };
    // Events of one split can arrive out of order (and again on resume): keep the furthest.
    const progress = (message: MessageEvent<string>) => {
      const data = JSON.parse(message.data) as SplitProgressEvent;
      setState((current) => {
        const known = current.splits[data.requestId];
        const further = !known || data.paidShares > known.paidShares || data.status !== 'open';
        if (!further) return current;
        return {
          version: current.version + 1,
          last: { type: 'split.progress', data },
          splits: { ...current.splits, [data.requestId]: data },
        };
      });
    };
    source.addEventListener('payment.received', received);
    source.addEventListener('split.progress', progress);
    source.addEventListener('request.paid', paid);
    // Refunds: the lists and the payment's refund panel reload; each is announced once.
    const refundEvent =
      <T extends 'refund.received' | 'refund.requested' | 'refund.request.answered'>(type: T) =>
      (message: MessageEvent<string>) => {
        const data = JSON.parse(message.data) as Extract<LiveEvent, { type: T }>['data'];
        setState((current) => ({
          ...current,
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
    // A held payment released or refused: its screen and the held list reload, and the payer hears it.
    source.addEventListener('hold.decided', (message: MessageEvent<string>) => {
      const data = JSON.parse(message.data) as HoldDecidedEvent;
      setState((current) => ({
        ...current,
        version: current.version + 1,
        last: { type: 'hold.decided', data },
      }));
      const id = message.lastEventId || data.holdId;
      if (announced.has(id)) return;
      announced.add(id);
      const { t: translate } = translation.current;
      notify(
        translate(`live.hold.${data.status}`),
        data.status === 'released' ? 'success' : 'info',
      );
    });
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
