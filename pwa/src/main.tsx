/** Entry: styles, the service worker, the field runtime of a logged-in worker, push, then the app. */
import { render } from "preact";
import { App } from "./app/App";
import { registerServiceWorker } from "./app/sw-bridge";
import { startPush } from "./features/push/push";
import { startField } from "./state/field";
import { isField, session } from "./state/session";
import "./ui/app.css";

const s = session.value;
if (s && isField.value)
  void startField(s.user.id)
    .then(() => startPush(s.user))
    .catch(() => undefined);
else if (s) void startPush(s.user);
void registerServiceWorker();
render(<App />, document.getElementById("app") as HTMLElement);
