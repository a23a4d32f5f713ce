@echo off
rem tls-doctor evidence collector. Double-click this file, or right-click it and choose
rem "Run as administrator" for a complete bundle. It runs Collect-TlsEvidence.ps1 from this
rem folder (read-only: it changes nothing on this server) and passes any arguments on, e.g.
rem   collect.cmd -CaptureSeconds 60
rem   collect.cmd -Redact
setlocal
set "PS=%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe"
if not exist "%PS%" set "PS=powershell.exe"
"%PS%" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "%~dp0Collect-TlsEvidence.ps1" %*
set "RC=%ERRORLEVEL%"
rem Keep the window open after a double-click so the path of the zip can be read.
if "%~1"=="" pause
exit /b %RC%
