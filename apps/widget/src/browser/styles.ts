/**
 * The widget's styles, inside its shadow root: the host page's CSS cannot reach in (`all:
 * initial` also stops inherited fonts and colours, but not `direction`, so a right-to-left page
 * gets a mirrored widget) and these rules cannot leak out. Theming goes through the `--sb-*`
 * custom properties, which do cross the boundary on purpose. Sides are logical (`inline-start`,
 * `inline-end`) so RTL needs no rules of its own. Chromium matches `:focus-visible` on a text
 * field however it was focused, so a text field shows the ring only while the panel is in
 * keyboard mode (`.kb`, set on Tab); otherwise its border alone says it has focus.
 * Phones (≤ 480 px wide) get a full-screen panel inside the safe-area insets, with the launcher,
 * as the close button, in the header's corner. Touch targets are at least 44 × 44 px.
 */
export const STYLES = `
:host{all:initial;display:block;font-family:var(--sb-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);font-size:15px;line-height:1.45;color:var(--sb-text,#1f1f1f);
--a:var(--sb-accent,#0b57d0);--at:var(--sb-accent-text,#fff);--bg:var(--sb-background,#fff);--bot:var(--sb-bubble,#f1f3f4);--z:var(--sb-z-index,2147483000)}
:host([hidden]),[hidden]{display:none!important}
*{box-sizing:border-box}
button,input,textarea{font:inherit;color:inherit}
:focus-visible{outline:3px solid var(--sb-focus,#e37400);outline-offset:2px}
.panel:not(.kb) :is(input,textarea):focus-visible{outline:0}
:is(input,textarea):focus{border-color:var(--a)}
.launcher{position:fixed;bottom:20px;inset-inline-end:20px;z-index:calc(var(--z) + 1);width:60px;height:60px;border-radius:50%;border:0;background:var(--a);color:var(--at);cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center;padding:0}
.launcher svg{width:28px;height:28px;fill:currentColor}
.launcher svg+svg,.launcher[aria-expanded=true] svg{display:none}
.launcher[aria-expanded=true] svg+svg{display:block}
.chip svg,.rated svg{width:18px;height:18px;fill:currentColor;vertical-align:-4px}
.panel{position:fixed;bottom:92px;inset-inline-end:20px;z-index:var(--z);width:min(380px,calc(100vw - 40px));height:min(600px,calc(100vh - 112px));display:flex;flex-direction:column;background:var(--bg);border-radius:var(--sb-radius,14px);box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden}
:host([position=left]) .launcher,:host([position=left]) .panel{inset-inline:auto;left:20px}
:host([mode=inline]) .panel{position:relative;inset:auto;width:100%;height:var(--sb-height,560px);box-shadow:0 0 0 1px #c4c7c5;z-index:auto}
.head{display:flex;align-items:center;gap:10px;padding:12px 14px;background:var(--a);color:var(--at)}
.head h2{flex:1;margin:0;font-size:17px;font-weight:600}
.avatar{width:34px;height:34px;border-radius:50%;object-fit:cover;background:var(--at)}
.messages{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:10px}
.msg{max-width:88%;padding:9px 12px;border-radius:14px;overflow-wrap:anywhere}
.msg.user{align-self:flex-end;background:var(--a);color:var(--at);white-space:pre-wrap}
.msg.assistant{align-self:flex-start;background:var(--bot);color:#1f1f1f}
.msg.agent{align-self:flex-start;background:var(--sb-agent-bubble,#e6f4ea);color:#1f1f1f;border-inline-start:3px solid var(--sb-agent-accent,#137333)}
.msg.agent .who{display:block;font-size:13px;font-weight:600;color:#0d652d;margin-bottom:2px}
.msg.notice{align-self:stretch;max-width:none;background:#fef7e0;color:#3c2f00;font-size:14px}
.msg p{margin:0 0 6px}.msg p:last-child{margin-bottom:0}
.msg ul,.msg ol{margin:4px 0 6px;padding-inline-start:20px}
.msg code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;background:rgba(0,0,0,.07);padding:0 3px;border-radius:3px}
.msg a{color:#0842a0}
.tbl{overflow-x:auto;margin:4px 0 8px}
table{border-collapse:collapse;font-size:13px;overflow-wrap:normal}
th,td{border:1px solid #c4c7c5;padding:4px 6px;text-align:start;vertical-align:top}
th{background:#e3e5e8}
.at{display:block;font-size:12px;text-align:end;margin-top:2px;color:#444746}
.msg.user .at{color:inherit}
.cite{font-size:.8em;vertical-align:super;text-decoration:none;margin-inline-start:1px}
.sources{margin:8px 0 0;padding:6px 0 0;padding-inline-start:20px;border-top:1px solid #c4c7c5;font-size:13px}
.sources-title{margin:8px 0 0;font-size:13px;font-weight:600}
.actions,.thumbs,.suggest,.rated{display:flex;flex-wrap:wrap;align-items:center;gap:6px;font-size:13px}
.actions{margin-top:8px}
.suggest{justify-content:flex-end}
.chip{border:1px solid #747775;background:#fff;color:#1f1f1f;border-radius:22px;padding:4px 12px;cursor:pointer;font-size:14px;min-width:44px;min-height:44px}
.chip[aria-pressed=true]{background:#d3e3fd;border-color:#0842a0}
.reason{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px;align-items:flex-end}
.reason label{display:flex;flex-direction:column;gap:2px;font-size:13px;flex:1;min-width:150px}
.reason input{border:1px solid #747775;border-radius:8px;padding:5px 8px;background:#fff;min-height:44px}
.typing{color:#444746;font-style:italic}
.bar{display:flex;justify-content:flex-end;align-items:center;gap:8px;padding:0 10px}
.status{flex:1;margin:0;font-size:13px;color:#0d652d}
.link-button{border:0;background:transparent;color:#0842a0;text-decoration:underline;cursor:pointer;padding:0 6px;font-size:14px;min-height:44px}
.composer{display:flex;gap:8px;padding:0 10px 6px;align-items:flex-end}
textarea{flex:1;resize:none;border:1px solid #747775;border-radius:10px;padding:10px;min-height:44px;max-height:120px;background:#fff}
.send{border:0;border-radius:10px;background:var(--a);color:var(--at);padding:0 16px;height:44px;cursor:pointer;font-weight:600}
.send[aria-disabled=true]{opacity:.6;cursor:progress}
.disclosure{margin:0;padding:0 12px 8px;font-size:12px;color:#444746;text-align:center}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (max-width:480px){
:host(:not([mode=inline])) .panel{inset:0;width:auto;height:auto;border-radius:0;padding:0 env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left)}
:host(:not([mode=inline])) .head{padding-top:calc(12px + env(safe-area-inset-top));padding-inline-end:66px}
.launcher{bottom:calc(16px + env(safe-area-inset-bottom));inset-inline-end:calc(16px + env(safe-area-inset-right))}
:host([position=left]) .launcher{left:calc(16px + env(safe-area-inset-left))}
.launcher[aria-expanded=true],:host([position=left]) .launcher[aria-expanded=true]{top:calc(7px + env(safe-area-inset-top));bottom:auto;inset-inline:auto calc(8px + env(safe-area-inset-right));width:44px;height:44px;background:transparent;box-shadow:none}
}
`;
