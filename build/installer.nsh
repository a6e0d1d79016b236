; Windows installer additions (electron-builder `nsis.include`).
;
; "Open with Briefing Desk" for the file types the app imports: the app is
; added to each type's Open-with list (OpenWithProgids, and the Applications
; key with SupportedTypes) without becoming its default program.
; electron-builder's own `fileAssociations` would write the default value of
; HKCR\.txt, .pdf, .docx, ... - taking those types over from the user's
; editor, PDF reader and Word, and leaving them pointing at nothing after an
; uninstall - so it is not used on Windows.
;
; SHELL_CONTEXT is HKCU for a per-user install and HKLM for a per-machine one
; (chosen on the installer's first page). Opening a file starts
; "Briefing Desk.exe" "<file>"; a running app receives it and imports it
; (src-main/electron/open-files.ts). Keep the list in step with
; electron-builder.yml (mac/linux fileAssociations); a test checks it.

!define BD_PROGID "BriefingDesk.Document"
!define BD_FRIENDLY "简报台 Briefing Desk"

!macro bdOpenWithType EXT
  WriteRegStr SHELL_CONTEXT "Software\Classes\${EXT}\OpenWithProgids" "${BD_PROGID}" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\Applications\${APP_EXECUTABLE_FILENAME}\SupportedTypes" "${EXT}" ""
!macroend

!macro bdNoOpenWithType EXT
  DeleteRegValue SHELL_CONTEXT "Software\Classes\${EXT}\OpenWithProgids" "${BD_PROGID}"
!macroend

!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\${BD_PROGID}" "" "Briefing Desk document"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${BD_PROGID}" "FriendlyTypeName" "${BD_FRIENDLY}"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${BD_PROGID}\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${BD_PROGID}\shell\open" "FriendlyAppName" "${BD_FRIENDLY}"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${BD_PROGID}\shell\open\command" "" '"$appExe" "%1"'
  WriteRegStr SHELL_CONTEXT "Software\Classes\Applications\${APP_EXECUTABLE_FILENAME}" "FriendlyAppName" "${BD_FRIENDLY}"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Applications\${APP_EXECUTABLE_FILENAME}\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Applications\${APP_EXECUTABLE_FILENAME}\shell\open\command" "" '"$appExe" "%1"'
  !insertmacro bdOpenWithType ".txt"
  !insertmacro bdOpenWithType ".md"
  !insertmacro bdOpenWithType ".markdown"
  !insertmacro bdOpenWithType ".html"
  !insertmacro bdOpenWithType ".htm"
  !insertmacro bdOpenWithType ".docx"
  !insertmacro bdOpenWithType ".pdf"
  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED, SHCNF_FLUSH).
  System::Call "shell32::SHChangeNotify(i 0x08000000, i 0x1000, p 0, p 0)"
!macroend

; Uninstalling removes only these registry entries and the program files; the
; library in %APPDATA%\briefing-desk stays (nsis.deleteAppDataOnUninstall: false).
!macro customUnInstall
  !insertmacro bdNoOpenWithType ".txt"
  !insertmacro bdNoOpenWithType ".md"
  !insertmacro bdNoOpenWithType ".markdown"
  !insertmacro bdNoOpenWithType ".html"
  !insertmacro bdNoOpenWithType ".htm"
  !insertmacro bdNoOpenWithType ".docx"
  !insertmacro bdNoOpenWithType ".pdf"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\${BD_PROGID}"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\Applications\${APP_EXECUTABLE_FILENAME}"
  System::Call "shell32::SHChangeNotify(i 0x08000000, i 0x1000, p 0, p 0)"
!macroend
