export class KubeProxy {}
