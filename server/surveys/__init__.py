"""Opinion surveys: versioned forms, requests, answers from the field, results, complaints."""
