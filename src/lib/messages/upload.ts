/**
 * Interface texts of file uploads (ticket form, status-page reply, staff reply): every
 * `upload.*` key, in English and German.
 */
export const en = {
  'upload.label': 'Attach files (optional)',
  'upload.hint': 'Up to {count} files of up to {mb} MB each: images (PNG, JPEG, GIF, WebP), PDF, text and log files, office documents.',
  'upload.refused.type': '“{name}” cannot be attached: this kind of file is not accepted.',
  'upload.refused.size': '“{name}” is larger than {mb} MB.',
  'upload.refused.empty': '“{name}” is empty.',
  'upload.refused.count': 'At most {count} files can be attached.',
  'upload.repick': 'Nothing was sent. Your text is kept; please choose the files again.',
  'upload.staffLabel': 'Attach files to the reply (sent to the customer)',
};

export const de: Record<keyof typeof en, string> = {
  'upload.label': 'Dateien anhängen (optional)',
  'upload.hint': 'Bis zu {count} Dateien mit je bis zu {mb} MB: Bilder (PNG, JPEG, GIF, WebP), PDF, Text- und Logdateien, Office-Dokumente.',
  'upload.refused.type': '„{name}“ kann nicht angehängt werden: Diese Art von Datei nehmen wir nicht an.',
  'upload.refused.size': '„{name}“ ist größer als {mb} MB.',
  'upload.refused.empty': '„{name}“ ist leer.',
  'upload.refused.count': 'Es können höchstens {count} Dateien angehängt werden.',
  'upload.repick': 'Es wurde nichts gesendet. Ihr Text bleibt erhalten; bitte wählen Sie die Dateien erneut aus.',
  'upload.staffLabel': 'Dateien an die Antwort anhängen (gehen an die Kundin / den Kunden)',
};
