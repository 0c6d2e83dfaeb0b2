<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Russian for Qt texts missing from qtbase_ru (the file dialog's mnemonic labels). Build:
     pyside6-lrelease resources/translations/mentordesk_qt_ru.ts -qm resources/translations/mentordesk_qt_ru.qm -->
<TS version="2.1" language="ru_RU">
<context>
    <name>QFileDialog</name>
    <message><source>&amp;Look in:</source><translation>&amp;Папка:</translation></message>
    <message><source>Files of &amp;type:</source><translation>&amp;Тип файлов:</translation></message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message><source>Folder</source><translation>Папка</translation></message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message><source>Folder</source><translation>Папка</translation></message>
</context>
</TS>
