/**
 * The reader's one-line notices: `say` shows a message (with an optional
 * action such as Undo), `fail` an error; every problem the annotation
 * session reports (a refused change, already taken back) is shown as an error.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionProblem } from '../annotations/annotation-session';
import { errorText } from '../i18n/error-text';
import { useI18n } from '../i18n/I18nProvider';
import type { Notice } from './ReaderNotice';

export interface ReaderNotices {
  notice: Notice | null;
  say(text: string, extra?: Partial<Omit<Notice, 'id' | 'text'>>): void;
  fail(err: unknown): void;
  dismiss(): void;
}

export function useReaderNotice(problem: SessionProblem | null): ReaderNotices {
  const { locale } = useI18n();
  const [notice, setNotice] = useState<Notice | null>(null);
  const seq = useRef(0);
  const say = useCallback((text: string, extra: Partial<Omit<Notice, 'id' | 'text'>> = {}) => {
    setNotice({ id: ++seq.current, text, ...extra });
  }, []);
  const fail = useCallback((err: unknown) => say(errorText(err, locale), { kind: 'error' }), [say, locale]);
  const dismiss = useCallback(() => setNotice(null), []);
  const shown = useRef(0);
  useEffect(() => {
    if (!problem || problem.seq <= shown.current) return;
    shown.current = problem.seq;
    fail(problem.error);
  }, [problem, fail]);
  return { notice, say, fail, dismiss };
}
