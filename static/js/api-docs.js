// The API documentation page: Swagger UI (drf-spectacular-sidecar's copy) reading our schema.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("swagger-ui");
  if (!element || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: false,
    // The page is read with the person's session; "Try it out" sends the token they enter.
    persistAuthorization: false,
  });
});
