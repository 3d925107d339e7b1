import { SwitchboardChat } from './element.ts';

// One tag: loading this script defines <switchboard-chat> (once, even if loaded twice).
if (!customElements.get('switchboard-chat'))
  customElements.define('switchboard-chat', SwitchboardChat);
