/**
 * Browser mode opened without its access token (a bookmark of the bare
 * address, a link whose token a restart replaced): one clear message saying
 * which link to open, shown over the app once the server refuses the page
 * (api-client's `ACCESS_REFUSED`); nothing is retried meanwhile.
 */
import { useEffect, useState } from 'react';
import { ACCESS_REFUSED, accessRefused } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';

export function AccessNotice() {
  const { t } = useI18n();
  const [refused, setRefused] = useState(accessRefused);
  useEffect(() => {
    const on = () => setRefused(true);
    window.addEventListener(ACCESS_REFUSED, on);
    // Refused before this mounted (the first calls are made before the app renders).
    if (accessRefused()) setRefused(true);
    return () => window.removeEventListener(ACCESS_REFUSED, on);
  }, []);
  if (!refused) return null;
  return (
    <div className="access-notice" role="alert" data-testid="access-notice">
      {t('error.app.noToken')}
    </div>
  );
}
