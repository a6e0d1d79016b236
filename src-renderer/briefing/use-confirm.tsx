/**
 * A confirmation asked as a promise: `confirm(request)` shows the ConfirmDialog and resolves with the
 * user's answer (true: confirmed); `dialog` is the element to render (null when nothing is asked).
 */
import { useCallback, useState, type ReactElement } from 'react';
import { ConfirmDialog } from '../app/ConfirmDialog';
import type { ConfirmRequest } from './composer-context';

export function useConfirm(): { confirm(request: ConfirmRequest): Promise<boolean>; dialog: ReactElement | null } {
  const [state, setState] = useState<{ request: ConfirmRequest; resolve(ok: boolean): void } | null>(null);
  const confirm = useCallback((request: ConfirmRequest) => new Promise<boolean>((resolve) => setState({ request, resolve })), []);
  const dialog = state && (
    <ConfirmDialog
      request={state.request}
      onAnswer={(ok) => {
        state.resolve(ok);
        setState(null);
      }}
    />
  );
  return { confirm, dialog };
}
