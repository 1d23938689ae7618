/** es-MX messages shared by several modules (screen texts live next to their screens). */
export const es = {
  http: {
    offline: "Sin conexión con el servidor.",
    unauthorized: "Su sesión venció: inicie sesión de nuevo.",
    forbidden: "No tiene permiso para esta acción.",
    notFound: "No se encontró.",
    tooMany: "Demasiadas solicitudes: espere un momento.",
    serverError: "El servidor no respondió bien; se reintentará.",
    generic: "Error de comunicación con el servidor.",
    badEnvelope: (path: string) => `Respuesta inesperada de ${path}: ¿red con portal de acceso?`,
  },
  sync: {
    forbidden: "Este teléfono no está autorizado para su usuario. Avise a la oficina.",
    clientStateLost: "El servidor perdió registros de este teléfono. Exporte la bandeja de salida y entréguela a la oficina.",
    sessionExpired: "Su sesión venció: inicie sesión de nuevo para sincronizar. Sus registros siguen guardados.",
    noProgress: "El servidor no procesó la bandeja de salida.",
    serverSaid: (code: string) => `El servidor respondió ${code}.`,
  },
} as const;
