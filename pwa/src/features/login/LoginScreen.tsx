/** Login (online). After it: the sync client is registered and persistent storage requested. */
import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { homeFor } from "../../app/nav";
import { navigate } from "../../state/router";
import { clearWipedNotice, session, wipedNotice } from "../../state/session";
import { Banner, TextField } from "../../ui/components";
import { login } from "./auth";

export function LoginScreen() {
  const [username, setUsername] = useState(session.value?.user.username ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (ev: Event) => {
    ev.preventDefault();
    setError("");
    setBusy(true);
    try {
      const s = await login(username.trim(), password);
      clearWipedNotice();
      navigate(homeFor(s.user.roles), true);
    } catch (e) {
      const err = e as ApiError;
      setError(
        err.status === 0 || err.errorCode === "BAD_ENVELOPE"
          ? "Sin conexión: para iniciar sesión se necesita señal."
          : err.status === 429
            ? "Demasiados intentos: espere un minuto."
            : err.message || "No se pudo iniciar sesión.",
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-labelledby="login-title" data-testid="login-form" style={{ maxWidth: "28rem", margin: "0 auto" }}>
      <h2 id="login-title">Iniciar sesión</h2>
      {wipedNotice.value && (
        <Banner kind="warn" testid="login-wiped">
          {wipedNotice.value}
        </Banner>
      )}
      <TextField id="username" label="Usuario" value={username} onInput={setUsername} autoComplete="username" testid="login-username" required />
      <TextField id="password" label="Contraseña" type="password" value={password} onInput={setPassword} autoComplete="current-password" testid="login-password" required />
      <div class="actions">
        <button type="submit" class="big" disabled={busy} data-testid="login-submit">
          {busy ? "Entrando…" : "Entrar"}
        </button>
      </div>
      <p class="error" role="alert" data-testid="login-error">
        {error}
      </p>
    </form>
  );
}
