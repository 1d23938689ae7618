// Minimal office page until the PWA lands: login, search, balance and statement.
"use strict";
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("access_token");
const money = (s) => Number(s).toLocaleString("es-MX", { style: "currency", currency: "MXN" });

async function api(path, options = {}) {
  const headers = { "Content-Type": "application/json", ...(options.headers || {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  const resp = await fetch(path, { ...options, headers });
  const body = resp.status === 204 ? null : await resp.json().catch(() => null);
  if (!resp.ok) throw new Error((body && body.message) || "Error de comunicación con el servidor.");
  return body;
}

function show(loggedIn, user) {
  $("login").hidden = loggedIn;
  $("office").hidden = !loggedIn;
  $("who").textContent = loggedIn && user ? `${user.full_name} (${user.roles.join(", ")})` : "";
}

$("login").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("login-error").textContent = "";
  try {
    const body = await api("/api/v1/auth/login", { method: "POST", body: JSON.stringify({
      username: $("username").value, password: $("password").value }) });
    token = body.access_token;
    sessionStorage.setItem("access_token", token);
    show(true, body.user);
    $("q").focus();
  } catch (err) { $("login-error").textContent = err.message; }
});

$("logout").addEventListener("click", async () => {
  try { await api("/api/v1/auth/logout", { method: "POST", body: "{}" }); } catch (_) { /* ignore */ }
  token = null; sessionStorage.removeItem("access_token"); show(false);
});

let timer;
$("q").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 250); });
$("search").addEventListener("submit", (ev) => { ev.preventDefault(); search(); });

async function search() {
  const q = $("q").value.trim();
  if (q.length < 3) { $("results").replaceChildren(); $("count").textContent = "Escriba al menos 3 letras o números."; return; }
  try {
    const page = await api(`/api/v1/registry/accounts?q=${encodeURIComponent(q)}&page_size=20`);
    $("count").textContent = page.total_is_lower_bound
      ? `Más de ${page.total} cuentas: escriba más para acotar la búsqueda`
      : `${page.total} cuentas encontradas`;
    $("results").replaceChildren(...page.items.map((a) => {
      const li = document.createElement("li");
      li.tabIndex = 0;
      li.textContent = `${a.account_number} · ${a.holder_name} · ${a.address}, ${a.neighborhood}`;
      li.addEventListener("click", () => openAccount(a.id));
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") openAccount(a.id); });
      return li;
    }));
  } catch (err) { $("count").textContent = err.message; }
}

async function openAccount(id) {
  const [bal, st] = await Promise.all([api(`/api/v1/ledger/accounts/${id}/balance`),
    api(`/api/v1/ledger/accounts/${id}/statement`)]);
  const rows = st.lines.slice(-24).map((l) => `<tr><td>${l.date}</td><td>${l.concept || l.kind}</td>
    <td class="n">${l.debit !== "0.00" ? money(l.debit) : ""}</td>
    <td class="n">${l.credit !== "0.00" ? money(l.credit) : ""}</td><td class="n">${money(l.balance)}</td></tr>`);
  const art = $("account");
  art.innerHTML = `<h2>Cuenta ${st.account_number} · ${st.holder_name}</h2>
    <p>Saldo: <strong>${money(bal.balance)}</strong> · Vencido: ${money(bal.overdue)} ·
    Meses de atraso: ${bal.months_past_due} · Recargos y accesorios: ${money(bal.accessories)}</p>
    <h3>Estado de cuenta (últimos movimientos)</h3>
    <table><thead><tr><th>Fecha</th><th>Concepto</th><th>Cargo</th><th>Abono</th><th>Saldo</th></tr></thead>
    <tbody>${rows.join("")}</tbody></table>`;
  art.hidden = false;
  art.scrollIntoView();
}

if (token) api("/api/v1/auth/me").then((u) => show(true, u)).catch(() => show(false));
