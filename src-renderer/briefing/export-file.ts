/**
 * Exporting a briefing to a file, the same call from the window whatever
 * hosts it: in the desktop app the save dialog (host contract) picks the
 * path and core writes the file there (`exportBriefingToFile`) — no bytes
 * cross into the window; in browser mode core's bytes become a download.
 * Progress arrives as `exportProgress` events of this export's operation.
 */
import type { Briefing, TemplateName } from '../../src-main/common/briefing/model';
import type { ExportFormat } from '../../src-main/common/contract/briefings';
import type { ExportProgressEvent } from '../../src-main/common/contract/events';
import { exportFileName } from '../../src-main/common/briefing/export-name';
import { api, desktopHost, downloadBytes, newOperation, onApiEvent } from '../api-client';

const FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  pdf: { name: 'PDF', extensions: ['pdf'] },
  docx: { name: 'Word', extensions: ['docx'] },
  md: { name: 'Markdown', extensions: ['md'] },
  html: { name: 'HTML', extensions: ['html'] },
};

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * Exports `briefing` (saved) as `format`; `onProgress` hears each step.
 * Resolves to the file name written or downloaded, or null when the user
 * cancelled the save dialog. Throws the core's error when the export fails.
 */
export async function exportBriefingFile(
  briefing: Pick<Briefing, 'id' | 'header'>,
  format: ExportFormat,
  template: TemplateName,
  onProgress: (event: ExportProgressEvent) => void = () => undefined,
): Promise<string | null> {
  const operation = newOperation('export');
  const off = onApiEvent('exportProgress', (event) => {
    if (event.operation === operation) onProgress(event);
  });
  try {
    const host = desktopHost();
    if (host) {
      const { path } = await host.chooseSavePath({ suggestedName: exportFileName(briefing, format), filters: [FILTERS[format]] });
      if (!path) return null;
      const written = await api.exportBriefingToFile({ id: briefing.id, format, template, path, operation });
      return written.fileName;
    }
    const file = await api.exportBriefing({ id: briefing.id, format, template, operation });
    downloadBytes(file.fileName, base64ToBytes(file.dataBase64), file.mime);
    return file.fileName;
  } finally {
    off();
  }
}
