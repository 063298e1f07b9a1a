/** The API group of Knative Serving's public kinds. */
export const SERVING_GROUP = 'serving.knative.dev';
/** The version of the Service, Configuration, Revision and Route kinds. */
export const SERVING_V1_VERSION = 'v1';
/** `serving.knative.dev/v1`. */
export const SERVING_V1_API_VERSION = 'serving.knative.dev/v1';
