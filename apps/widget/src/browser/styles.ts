/**
 * The widget's styles, inside its shadow root: the host page's CSS cannot reach in (`all:
 * initial` also stops inherited fonts and colours) and these rules cannot leak out. Theming goes
 * through the `--sb-*` custom properties, which do cross the boundary on purpose.
 */
export const STYLES = `
:host{all:initial;display:block;font-family:var(--sb-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);font-size:15px;line-height:1.45;color:var(--sb-text,#1f1f1f);
--a:var(--sb-accent,#0b57d0);--at:var(--sb-accent-text,#fff);--bg:var(--sb-background,#fff);--bot:var(--sb-bubble,#f1f3f4);--z:var(--sb-z-index,2147483000)}
:host([hidden]),[hidden]{display:none!important}
*{box-sizing:border-box}
button,input,textarea{font:inherit;color:inherit}
:focus-visible{outline:3px solid var(--sb-focus,#e37400);outline-offset:2px}
.launcher{position:fixed;bottom:20px;right:20px;z-index:var(--z);width:60px;height:60px;border-radius:50%;border:0;background:var(--a);color:var(--at);cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center;padding:0}
.launcher svg{width:28px;height:28px;fill:currentColor}
.chip svg{width:16px;height:16px;fill:currentColor;vertical-align:-3px}
.panel{position:fixed;bottom:92px;right:20px;z-index:var(--z);width:min(380px,calc(100vw - 24px));height:min(600px,calc(100vh - 112px));display:flex;flex-direction:column;background:var(--bg);border-radius:var(--sb-radius,14px);box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden}
:host([position=left]) .launcher,:host([position=left]) .panel{right:auto;left:20px}
:host([mode=inline]) .panel{position:relative;inset:auto;width:100%;height:var(--sb-height,560px);box-shadow:0 0 0 1px #c4c7c5;z-index:auto}
.head{display:flex;align-items:center;gap:10px;padding:12px 14px;background:var(--a);color:var(--at)}
.head h2{flex:1;margin:0;font-size:17px;font-weight:600}
.avatar{width:34px;height:34px;border-radius:50%;object-fit:cover;background:var(--at)}
.close{border:0;background:transparent;color:inherit;cursor:pointer;width:34px;height:34px;border-radius:50%;font-size:22px;line-height:1}
.messages{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:10px}
.msg{max-width:88%;padding:9px 12px;border-radius:14px;overflow-wrap:anywhere}
.msg.user{align-self:flex-end;background:var(--a);color:var(--at);white-space:pre-wrap}
.msg.assistant{align-self:flex-start;background:var(--bot);color:#1f1f1f}
.msg.agent{align-self:flex-start;background:var(--sb-agent-bubble,#e6f4ea);color:#1f1f1f;border-left:3px solid var(--sb-agent-accent,#137333)}
.msg.agent .who{display:block;font-size:13px;font-weight:600;color:#0d652d;margin-bottom:2px}
.msg.notice{align-self:stretch;max-width:none;background:#fef7e0;color:#3c2f00;font-size:14px}
.msg p{margin:0 0 6px}.msg p:last-child{margin-bottom:0}
.msg ul,.msg ol{margin:4px 0 6px;padding-left:20px}
.msg code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;background:rgba(0,0,0,.07);padding:0 3px;border-radius:3px}
.msg a{color:#0842a0}
.cite{font-size:.8em;vertical-align:super;text-decoration:none;margin-left:1px}
.sources{margin:8px 0 0;padding:6px 0 0 20px;border-top:1px solid #c4c7c5;font-size:13px}
.sources-title{margin:8px 0 0;font-size:13px;font-weight:600}
.actions{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin-top:8px;font-size:13px}
.chip{border:1px solid #747775;background:#fff;color:#1f1f1f;border-radius:16px;padding:3px 10px;cursor:pointer;font-size:13px}
.chip[aria-pressed=true]{background:#d3e3fd;border-color:#0842a0}
.reason{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px;align-items:flex-end}
.reason label{display:flex;flex-direction:column;gap:2px;font-size:13px;flex:1;min-width:150px}
.reason input{border:1px solid #747775;border-radius:8px;padding:5px 8px;background:#fff}
.typing{color:#444746;font-style:italic}
.bar{display:flex;justify-content:flex-end;align-items:center;gap:8px;padding:4px 10px 0}
.status{flex:1;margin:0;font-size:13px;color:#0d652d}
.link-button{border:0;background:transparent;color:#0842a0;text-decoration:underline;cursor:pointer;padding:4px;font-size:14px}
.composer{display:flex;gap:8px;padding:8px 10px 10px;align-items:flex-end}
textarea{flex:1;resize:none;border:1px solid #747775;border-radius:10px;padding:9px 10px;min-height:42px;max-height:120px;background:#fff}
.send{border:0;border-radius:10px;background:var(--a);color:var(--at);padding:0 16px;height:42px;cursor:pointer;font-weight:600}
.send[aria-disabled=true]{opacity:.6;cursor:progress}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
`;
