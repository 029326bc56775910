// Swagger UI on /api/docs/, given the landmarks and heading levels the rest of the site has: its
// own <main> holds the endpoints, so the API's description and the authorisation controls get
// labelled regions, and a heading bridges the API's title (h1) and the endpoint groups (h3).
// A Swagger UI preset, named in SPECTACULAR_SETTINGS["SWAGGER_UI_SETTINGS"].
window.apiDocsAccessibility = function () {
  const region = (label) => (Original, system) => (props) =>
    system.React.createElement(
      "section",
      { "aria-label": label },
      system.React.createElement(Original, props),
    );
  return {
    wrapComponents: {
      InfoContainer: region("About this API"),
      ServersContainer: region("Servers"),
      AuthorizeBtnContainer: region("Authorisation"),
      operations: (Original, system) => (props) =>
        system.React.createElement(
          "div",
          null,
          system.React.createElement("h2", { className: "api-docs__endpoints" }, "Endpoints"),
          system.React.createElement(Original, props),
        ),
    },
  };
};
